package config

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/zipread"
)

// Import and export use Nacos's zip format (ZipUtils, ConfigControllerV3):
// one entry per config named <group>/<dataId> holding its content, and a
// .metadata.yml entry (.meta.yml in old exports) listing every config's
// dataId, group, type, desc, appName and configTags.
const (
	MetadataEntry    = ".metadata.yml"
	oldMetadataEntry = ".meta.yml"
)

// Limits of an imported zip: the archive as sent, what it expands to, and
// how many entries it may hold. A zip bomb or an endless list is refused
// before anything is written.
const (
	MaxImportBytes    = 32 << 20
	MaxImportExpanded = 128 << 20
	MaxImportEntries  = 10_000
)

// exportItem is one config of the metadata file (ConfigExportItem).
type exportItem struct {
	Group      string `yaml:"group"`
	DataID     string `yaml:"dataId"`
	Desc       string `yaml:"desc,omitempty"`
	Type       string `yaml:"type"`
	AppName    string `yaml:"appName,omitempty"`
	ConfigTags string `yaml:"configTags,omitempty"`
}

type exportMetadata struct {
	Metadata []exportItem `yaml:"metadata"`
}

// ImportItem is one config an import publishes.
type ImportItem struct {
	Group, DataID             string
	Content                   string
	Type, Desc, AppName, Tags string
}

// Archive is a parsed import: the configs to publish and the entries it
// could not place (Nacos's unrecognizedData item names).
type Archive struct {
	Items        []ImportItem
	Unrecognized []string
}

// Errors of a zip that cannot be imported; their texts are Nacos's
// ErrorCode messages, the API maps them to its codes.
var (
	ErrImportParse    = registry.Errorf(registry.KindInvalid, "Failed to parse data")
	ErrImportMetadata = registry.Errorf(registry.KindInvalid, "Imported metadata is invalid")
	ErrImportEmpty    = registry.Errorf(registry.KindInvalid, "Imported file data is empty")
)

// ReadArchive parses an export zip. It reads nothing beyond the limits,
// follows no paths (an entry name is only a group/dataId pair, checked as
// config names are), and answers ErrImportParse for a broken zip,
// ErrImportMetadata for missing or invalid metadata and ErrImportEmpty for
// one without any config.
func ReadArchive(data []byte) (*Archive, error) {
	zr, err := zipread.Open(data, zipread.Limits{Archive: MaxImportBytes, Entries: MaxImportEntries,
		Expanded: MaxImportExpanded})
	if err != nil {
		return nil, importError(err)
	}
	var meta *string
	type entry struct{ name, data string }
	var entries []entry
	for _, f := range zr.Files {
		if zipread.IsDir(f) {
			continue
		}
		b, err := zr.Read(f)
		if err != nil {
			return nil, importError(err)
		}
		body := string(b)
		if meta == nil && (f.Name == MetadataEntry || f.Name == oldMetadataEntry) {
			meta = &body
			continue
		}
		entries = append(entries, entry{f.Name, body})
	}
	if meta == nil {
		return nil, ErrImportMetadata
	}
	var md exportMetadata
	if err := yaml.Unmarshal([]byte(*meta), &md); err != nil || len(md.Metadata) == 0 {
		return nil, ErrImportMetadata
	}
	listed := map[[2]string]bool{}
	for _, it := range md.Metadata {
		if strings.TrimSpace(it.DataID) == "" || strings.TrimSpace(it.Group) == "" || strings.TrimSpace(it.Type) == "" {
			return nil, ErrImportMetadata
		}
		listed[[2]string{it.Group, it.DataID}] = true
	}
	out := &Archive{}
	contents := map[[2]string]string{}
	for _, e := range entries {
		group, dataID, ok := strings.Cut(e.name, "/")
		if !ok || strings.Contains(dataID, "/") {
			out.Unrecognized = append(out.Unrecognized, e.name)
			continue
		}
		k := [2]string{group, dataID}
		if !listed[k] {
			out.Unrecognized = append(out.Unrecognized, "Item not found in metadata: "+e.name)
			continue
		}
		contents[k] = e.data
	}
	seen := map[[2]string]bool{}
	for _, it := range md.Metadata {
		k := [2]string{it.Group, it.DataID}
		content, ok := contents[k]
		if !ok {
			out.Unrecognized = append(out.Unrecognized, "Item not found in file: "+it.Group+"/"+it.DataID)
			continue
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out.Items = append(out.Items, ImportItem{Group: it.Group, DataID: it.DataID, Content: content,
			Type: it.Type, Desc: it.Desc, AppName: it.AppName, Tags: it.ConfigTags})
	}
	if len(out.Items) == 0 {
		return nil, ErrImportEmpty
	}
	return out, nil
}

// importError is a zipread refusal in the import's own words.
func importError(err error) error {
	var le *zipread.LimitError
	if !errors.As(err, &le) {
		return ErrImportParse
	}
	switch le.What {
	case "archive":
		return invalid("file", "the import file is over %d bytes", MaxImportBytes)
	case "entries":
		return invalid("file", "the import file has over %d entries", MaxImportEntries)
	}
	return invalid("file", "the import file expands to over %d bytes", MaxImportExpanded)
}

// ImportRef names a config in an import's answer.
type ImportRef struct {
	DataID string `json:"dataId"`
	Group  string `json:"group"`
}

// ImportResult is Nacos's answer to an import.
type ImportResult struct {
	Succ, Skip    int
	Fail, Skipped []ImportRef
}

// Import publishes an archive's configs into tenant. Every item is checked
// first: one invalid item refuses the whole import and writes nothing.
// With PolicyAbort, a config that exists already stops the import before
// anything is written (Nacos writes the configs before it; a half import
// is not something to leave behind), reporting it as failed and the rest
// as skipped. PolicySkip leaves existing configs alone; PolicyOverwrite
// publishes over them.
func (s *Service) Import(ctx context.Context, tenant string, items []ImportItem, policy SamePolicy, srcUser string) (*ImportResult, error) {
	if err := ValidateTenant(tenant); err != nil {
		return nil, err
	}
	ins := make([]PublishInput, len(items))
	for i, it := range items {
		in := PublishInput{Tenant: tenant, Group: it.Group, DataID: it.DataID, Content: it.Content, Type: it.Type,
			AppName: it.AppName, SrcUser: srcUser, ConfigTags: it.Tags, Desc: it.Desc}
		if err := ValidateKey(in.Tenant, in.Group, in.DataID); err != nil {
			return nil, err
		}
		if err := validatePublish(in, s.opts.MaxContentBytes); err != nil {
			return nil, err
		}
		ins[i] = in
	}
	res := &ImportResult{}
	if policy == PolicyAbort {
		for i, in := range ins {
			if s.view.get(NewKey(in.Tenant, in.Group, in.DataID)) == nil {
				continue
			}
			res.Fail = []ImportRef{{DataID: in.DataID, Group: in.Group}}
			for _, rest := range ins[i+1:] {
				res.Skipped = append(res.Skipped, ImportRef{DataID: rest.DataID, Group: rest.Group})
			}
			res.Skip = len(res.Skipped)
			return res, nil
		}
	}
	for _, in := range ins {
		if policy == PolicySkip && s.view.get(NewKey(in.Tenant, in.Group, in.DataID)) != nil {
			res.Skip++
			res.Skipped = append(res.Skipped, ImportRef{DataID: in.DataID, Group: in.Group})
			continue
		}
		if _, err := s.Publish(ctx, in); err != nil {
			return res, fmt.Errorf("import %s/%s: %w", in.Group, in.DataID, err)
		}
		res.Succ++
	}
	return res, nil
}

// ExportQuery picks the configs of an export: by ids when any are given,
// else by tenant with dataId and group blur patterns and an exact appName.
type ExportQuery struct {
	Tenant, DataID, Group, AppName string
	IDs                            []int64
}

// Export writes the picked configs as Nacos's export zip, in id order.
func (s *Service) Export(q ExportQuery) ([]byte, error) {
	var picked []*Config
	if len(q.IDs) > 0 {
		s.view.each(func(c *Config) {
			if slices.Contains(q.IDs, c.ID) {
				picked = append(picked, c)
			}
		})
	} else {
		tenant := NormalizeTenant(strings.TrimSpace(q.Tenant))
		s.view.each(func(c *Config) {
			if c.Tenant == tenant && (strings.TrimSpace(q.DataID) == "" || Like(q.DataID, c.DataID)) &&
				(strings.TrimSpace(q.Group) == "" || Like(q.Group, c.Group)) &&
				(strings.TrimSpace(q.AppName) == "" || q.AppName == c.AppName) {
				picked = append(picked, c)
			}
		})
	}
	slices.SortFunc(picked, func(a, b *Config) int {
		if a.ID != b.ID {
			return cmpInt(a.ID, b.ID)
		}
		return strings.Compare(keyPath(a.Key), keyPath(b.Key))
	})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	md := exportMetadata{Metadata: []exportItem{}}
	for _, c := range picked {
		md.Metadata = append(md.Metadata, exportItem{Group: c.Group, DataID: c.DataID, Desc: c.Desc, Type: c.Type,
			AppName: c.AppName, ConfigTags: c.ConfigTags})
		if err := writeEntry(zw, c.Group+"/"+c.DataID, []byte(c.Content)); err != nil {
			return nil, err
		}
	}
	meta, err := yaml.Marshal(&md)
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "export metadata: %v", err)
	}
	if err := writeEntry(zw, MetadataEntry, meta); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, registry.Errorf(registry.KindInternal, "export: %v", err)
	}
	return buf.Bytes(), nil
}

func writeEntry(zw *zip.Writer, name string, body []byte) error {
	w, err := zw.Create(name)
	if err == nil {
		_, err = w.Write(body)
	}
	if err != nil {
		return registry.Errorf(registry.KindInternal, "export: %v", err)
	}
	return nil
}
