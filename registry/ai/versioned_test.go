package ai

import "testing"

func TestParseVersionedKey(t *testing.T) {
	cases := []struct {
		key     string
		ref     Ref
		version string
		isMeta  bool
		ok      bool
	}{
		{SkillPrefix + "public/pdf/meta", Ref{"public", "pdf"}, "", true, true},
		{SkillPrefix + "public/pdf/v/1.0.0", Ref{"public", "pdf"}, "1.0.0", false, true},
		{SkillPrefix + "public/pdf/v/", Ref{}, "", false, false},
		{SkillPrefix + "public/pdf/other", Ref{}, "", false, false},
		{SkillPrefix + "public/pdf", Ref{}, "", false, false},
		{SkillPrefix + "public/pdf/v/1/x", Ref{}, "", false, false},
		{PromptPrefix + "public/pdf/meta", Ref{}, "", false, false},
	}
	for _, tc := range cases {
		r, v, isMeta, ok := ParseVersionedKey(SkillPrefix, tc.key)
		if r != tc.ref || v != tc.version || isMeta != tc.isMeta || ok != tc.ok {
			t.Errorf("%q: %v %q %v %v", tc.key, r, v, isMeta, ok)
		}
	}
}
