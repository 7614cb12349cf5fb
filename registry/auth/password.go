package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

// Password strength. Nacos takes any non-blank password; a registry that
// holds gateway keys should not take "1". The rule is the common one of
// operators' password policies: long enough, and either mixed or long
// enough to be a passphrase. Generated passwords (26 characters of
// rand.Text) pass as passphrases.
const (
	MinPasswordLen   = 8
	PassphraseLen    = 16
	minPasswordMixes = 3
)

// CheckStrength refuses a password a user could not be allowed to set:
// shorter than MinPasswordLen characters, equal to the username, or, when
// shorter than PassphraseLen, mixing fewer than three of lower case, upper
// case, digits and other characters. It is checked where a password is
// set (user creation, password change, the first admin), never at login:
// a password stored before keeps working.
func CheckStrength(username, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case strings.TrimSpace(password) == "":
		return registry.FieldErrorf(registry.KindInvalid, "password", "password is blank")
	case n < MinPasswordLen:
		return registry.FieldErrorf(registry.KindInvalid, "password",
			"password must be at least %d characters", MinPasswordLen)
	case strings.EqualFold(password, username):
		return registry.FieldErrorf(registry.KindInvalid, "password", "password must not be the username")
	case n < PassphraseLen && mixes(password) < minPasswordMixes:
		return registry.FieldErrorf(registry.KindInvalid, "password",
			"password must mix at least %d of lower case, upper case, digits and symbols, or be at least %d characters long",
			minPasswordMixes, PassphraseLen)
	}
	return nil
}

// mixes counts the character classes a password uses.
func mixes(password string) int {
	var lower, upper, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	return n
}
