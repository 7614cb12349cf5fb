package badger

import (
	"fmt"
	"log/slog"
	"strings"
)

// slogAdapter lets Badger log through slog. Badger terminates its format
// strings with newlines, which slog does not want.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Errorf(f string, v ...any)   { a.l.Error(msg(f, v)) }
func (a slogAdapter) Warningf(f string, v ...any) { a.l.Warn(msg(f, v)) }
func (a slogAdapter) Infof(f string, v ...any)    { a.l.Debug(msg(f, v)) }
func (a slogAdapter) Debugf(f string, v ...any)   { a.l.Debug(msg(f, v)) }

func msg(f string, v []any) string { return strings.TrimRight(fmt.Sprintf(f, v...), "\n") }
