package artifact

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/registry/zipread"
)

// An uploaded artifact is a zip holding its manifest (SKILL.md for a
// skill) at the root or inside one top-level directory, beside its
// resource files. The manifest may start with a YAML front matter giving
// name, description and version. A batch upload holds one such directory
// per artifact. Everything is parsed in memory: an entry name is only
// ever the name of a resource, and one that would not be a safe relative
// path is refused anyway.

// Limits of uploads.
const (
	MaxUploadBytes       = 8 << 20
	MaxUploadEntries     = MaxResources + 16
	MaxBatchUploadBytes  = 32 << 20
	MaxBatchEntries      = 4096
	MaxBatchExpanded     = 64 << 20
	maxFrontMatter       = 16 << 10
	resourceTypeFallback = "file"
)

// singleLimits and batchLimits bound one archive.
var (
	singleLimits = zipread.Limits{Archive: MaxUploadBytes, Entries: MaxUploadEntries, Entry: MaxContentBytes,
		Expanded: MaxContentBytes}
	batchLimits = zipread.Limits{Archive: MaxBatchUploadBytes, Entries: MaxBatchEntries, Entry: MaxContentBytes,
		Expanded: MaxBatchExpanded}
)

// file is one regular entry of an archive.
type file struct {
	name string
	data []byte
}

// readZip reads every regular entry of an archive within lim, refusing
// links, unsafe names and duplicates.
func readZip(data []byte, lim zipread.Limits) ([]file, error) {
	zr, err := zipread.Open(data, lim)
	if err != nil {
		return nil, zipError(err)
	}
	var out []file
	seen := map[string]bool{}
	for _, f := range zr.Files {
		if zipread.IsDir(f) {
			continue
		}
		if f.Mode()&(fs.ModeSymlink|fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket) != 0 {
			return nil, invalid("file", "entry %q is not a regular file", f.Name)
		}
		if err := ValidResourceName(f.Name); err != nil {
			return nil, invalid("file", "unsafe entry name %q", f.Name)
		}
		if seen[f.Name] {
			return nil, invalid("file", "entry %q appears twice", f.Name)
		}
		seen[f.Name] = true
		b, err := zr.Read(f)
		if err != nil {
			return nil, zipError(err)
		}
		out = append(out, file{f.Name, b})
	}
	if len(out) == 0 {
		return nil, invalid("file", "the archive is empty")
	}
	return out, nil
}

func zipError(err error) error {
	var le *zipread.LimitError
	if errors.As(err, &le) {
		return invalid("file", "%s", le.Error())
	}
	return invalid("file", "the file is not a readable zip archive")
}

// ParseArchive reads a single-artifact upload into its card.
func (k ArtifactKind) ParseArchive(data []byte) (*Card, error) {
	files, err := readZip(data, singleLimits)
	if err != nil {
		return nil, err
	}
	return k.cardOf(files, "")
}

// cardOf builds the card of one artifact's files: the manifest at the
// root, or all of them under one directory (dir, when known).
func (k ArtifactKind) cardOf(files []file, dir string) (*Card, error) {
	if dir == "" {
		if top, _, ok := strings.Cut(files[0].name, "/"); ok && !slices.ContainsFunc(files, func(f file) bool {
			return !strings.HasPrefix(f.name, top+"/")
		}) && !slices.ContainsFunc(files, func(f file) bool { return f.name == k.Manifest }) {
			dir = top
		}
	}
	c := &Card{}
	found := false
	for _, f := range files {
		rel := f.name
		if dir != "" {
			rel = strings.TrimPrefix(rel, dir+"/")
		}
		if !utf8.Valid(f.data) {
			return nil, invalid("file", "entry %q is not UTF-8 text", f.name)
		}
		if rel == k.Manifest {
			found = true
			c.Content = string(f.data)
			continue
		}
		typ := resourceTypeFallback
		if d, _, ok := strings.Cut(rel, "/"); ok {
			typ = d
		}
		c.Resources = append(c.Resources, Resource{Name: rel, Type: typ, Content: string(f.data)})
	}
	if !found {
		return nil, invalid("file", "the archive has no %s", k.Manifest)
	}
	if err := frontMatter(c); err != nil {
		return nil, err
	}
	if c.Name == "" {
		c.Name = path.Base(dir)
	}
	if err := validName("name", c.Name); err != nil {
		return nil, invalid("file", "the %s names no valid %s name: %v", k.Manifest, k.Name, err)
	}
	return c, validCard(c)
}

// frontMatter fills name, description and version from the manifest's
// YAML front matter, when it has one.
func frontMatter(c *Card) error {
	body, ok := strings.CutPrefix(c.Content, "---\n")
	if !ok {
		body, ok = strings.CutPrefix(c.Content, "---\r\n")
	}
	if !ok {
		return nil
	}
	end := strings.Index(body, "\n---")
	if end < 0 || end > maxFrontMatter {
		return invalid("file", "the manifest's front matter is not closed within %d bytes", maxFrontMatter)
	}
	var fm struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		Version     any    `yaml:"version"`
	}
	if err := yaml.Unmarshal([]byte(body[:end]), &fm); err != nil {
		return invalid("file", "the manifest's front matter is not YAML: %v", err)
	}
	c.Name, c.Description = strings.TrimSpace(fm.Name), strings.TrimSpace(fm.Description)
	switch v := fm.Version.(type) {
	case nil:
	case string:
		c.Version = strings.TrimSpace(v)
	default:
		return invalid("file", "the manifest's version must be a string")
	}
	return nil
}

// ParseBatch reads a batch upload: one card per top-level directory
// holding a manifest, or an error per directory that is not a valid one.
func (k ArtifactKind) ParseBatch(data []byte) ([]*Card, []BatchFailure, error) {
	files, err := readZip(data, batchLimits)
	if err != nil {
		return nil, nil, err
	}
	groups := map[string][]file{}
	var dirs []string
	for _, f := range files {
		dir, _, ok := strings.Cut(f.name, "/")
		if !ok {
			continue // a file beside the directories (a README) is no artifact
		}
		if groups[dir] == nil {
			dirs = append(dirs, dir)
		}
		groups[dir] = append(groups[dir], f)
	}
	if len(dirs) == 0 {
		return nil, nil, invalid("file", "the archive holds no %s directory", k.Name)
	}
	var cards []*Card
	var failed []BatchFailure
	for _, d := range dirs {
		c, err := k.cardOf(groups[d], d)
		if err != nil {
			failed = append(failed, BatchFailure{Name: d, Reason: err.Error()})
			continue
		}
		cards = append(cards, c)
	}
	return cards, failed, nil
}

// BatchFailure is one artifact of a batch upload that was not stored.
type BatchFailure struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}
