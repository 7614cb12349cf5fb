package client

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the saved login of "causeway login".
type Config struct {
	Server      string    `yaml:"server"`
	Username    string    `yaml:"username,omitempty"`
	AccessToken string    `yaml:"accessToken,omitempty"`
	Expiry      time.Time `yaml:"expiry,omitempty"`
}

// Environment variables that override the saved login, for scripts and CI.
const (
	EnvServer = "CAUSEWAY_SERVER"
	EnvToken  = "CAUSEWAY_TOKEN"
)

// DefaultConfigPath is $XDG_CONFIG_HOME/causeway/config.yaml, or
// ~/.config/causeway/config.yaml when XDG_CONFIG_HOME is unset.
func DefaultConfigPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the config directory: %w", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "causeway", "config.yaml"), nil
}

// LoadConfig reads path; a missing file is an empty config.
func LoadConfig(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read %s: %w", path, err)
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("parse %s: %w", path, err)
	}
	return c, nil
}

// Save writes c to path with mode 0600 (it holds a token), through a
// temporary file so that a crash never leaves half a config.
func (c Config) Save(path string) error {
	b, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode the config: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create the config directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Resolve answers the server and token to use: the environment beats the
// saved login. A saved token that has expired is not sent (a server with
// auth off needs none) and expired says so, for the error of a refused
// request; an env token is the caller's to manage.
func (c Config) Resolve(now time.Time) (server, token string, expired bool) {
	server, token = c.Server, c.AccessToken
	if token != "" && !c.Expiry.IsZero() && now.After(c.Expiry) {
		token, expired = "", true
	}
	if v := os.Getenv(EnvServer); v != "" {
		server = v
	}
	if v := os.Getenv(EnvToken); v != "" {
		token, expired = v, false
	}
	if server == "" {
		server = DefaultServer
	}
	return server, token, expired
}
