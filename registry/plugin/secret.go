package plugin

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// PullSecret is a parsed imagePullSecret: registry credentials. Accepted
// forms, all of which may have surrounding blanks:
//
//   - base64 of "user:password" (what an HTTP Basic header carries): used
//     for every host the plugin's module is fetched from;
//   - a Docker config JSON ({"auths":{"registry.example.com":{"auth":
//     "<base64 user:password>"}}} or with "username" and "password"), as
//     `docker login` writes it and Kubernetes keeps it in a
//     kubernetes.io/dockerconfigjson secret, either as is or base64
//     encoded: the entry of the module's host is used, none when absent;
//     the legacy .dockercfg form without "auths" is accepted too.
//
// The credentials go to OCI registries (token or Basic auth) and, for
// http(s) URLs, as an HTTP Basic Authorization header.
type PullSecret struct {
	all   *basic           // base64 user:password: every host
	hosts map[string]basic // docker config: per host
}

type basic struct{ user, pass string }

type dockerEntry struct {
	Auth     string `json:"auth"`
	Username string `json:"username"`
	Password string `json:"password"`
}

const acceptedForms = "must be base64 of user:password or a Docker config JSON (plain or base64)"

// ParsePullSecret parses an imagePullSecret; an empty one is nil.
func ParsePullSecret(s string) (*PullSecret, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if strings.HasPrefix(s, "{") {
		return parseDockerConfig([]byte(s))
	}
	dec, err := decodeBase64(s)
	if err != nil {
		return nil, invalid("imagePullSecret", acceptedForms)
	}
	if t := strings.TrimSpace(string(dec)); strings.HasPrefix(t, "{") {
		return parseDockerConfig([]byte(t))
	}
	user, pass, ok := strings.Cut(string(dec), ":")
	if !ok || user == "" {
		return nil, invalid("imagePullSecret", acceptedForms)
	}
	return &PullSecret{all: &basic{user, pass}}, nil
}

func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, base64.CorruptInputError(0)
}

func parseDockerConfig(raw []byte) (*PullSecret, error) {
	var cfg struct {
		Auths map[string]dockerEntry `json:"auths"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, invalid("imagePullSecret", acceptedForms)
	}
	if cfg.Auths == nil { // legacy .dockercfg: the hosts at the top
		if err := json.Unmarshal(raw, &cfg.Auths); err != nil {
			return nil, invalid("imagePullSecret", acceptedForms)
		}
	}
	ps := &PullSecret{hosts: map[string]basic{}}
	for host, e := range cfg.Auths {
		b := basic{e.Username, e.Password}
		if e.Auth != "" {
			dec, err := decodeBase64(e.Auth)
			if err != nil {
				return nil, invalid("imagePullSecret", "auths[%q].auth must be base64 of user:password", host)
			}
			u, p, ok := strings.Cut(string(dec), ":")
			if !ok {
				return nil, invalid("imagePullSecret", "auths[%q].auth must be base64 of user:password", host)
			}
			b = basic{u, p}
		}
		if b.user == "" {
			return nil, invalid("imagePullSecret", "auths[%q] has no credentials", host)
		}
		ps.hosts[normaliseHost(host)] = b
	}
	return ps, nil
}

// normaliseHost reduces a Docker config key ("https://index.docker.io/v1/",
// "registry.example.com:5000") to host[:port], Docker Hub's names to one.
func normaliseHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	switch h {
	case "docker.io", "registry-1.docker.io", "index.docker.io":
		return "index.docker.io"
	}
	return h
}

// For answers the credentials for host (host[:port]); ok is false when the
// secret has none for it. A nil secret has none.
func (s *PullSecret) For(host string) (user, pass string, ok bool) {
	if s == nil {
		return "", "", false
	}
	if s.all != nil {
		return s.all.user, s.all.pass, true
	}
	b, ok := s.hosts[normaliseHost(host)]
	return b.user, b.pass, ok
}
