package config

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestSearch(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	for _, in := range []PublishInput{
		{Group: "DEFAULT_GROUP", DataID: "app.yaml", Content: "a", Type: "yaml", AppName: "shop", ConfigTags: "x,y"},
		{Group: "DEFAULT_GROUP", DataID: "app.json", Content: "b", Type: "json"},
		{Group: "OTHER", DataID: "app_yaml", Content: "c"},
		{Tenant: "dev", Group: "DEFAULT_GROUP", DataID: "app.yaml", Content: "d", ConfigTags: "y"},
	} {
		if _, err := s.Publish(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		q    Query
		want []string // tenant/group/dataId in order
	}{
		{"accurate all public", Query{}, []string{"public/DEFAULT_GROUP/app.yaml", "public/DEFAULT_GROUP/app.json", "public/OTHER/app_yaml"}},
		{"accurate dataId", Query{DataID: "app.yaml"}, []string{"public/DEFAULT_GROUP/app.yaml"}},
		{"accurate star is literal", Query{DataID: "app*"}, nil},
		{"accurate public alias", Query{Tenant: "public", Group: "OTHER"}, []string{"public/OTHER/app_yaml"}},
		{"accurate tenant", Query{Tenant: "dev"}, []string{"dev/DEFAULT_GROUP/app.yaml"}},
		{"accurate appName", Query{AppName: "shop"}, []string{"public/DEFAULT_GROUP/app.yaml"}},
		{"accurate any tag", Query{ConfigTags: "nope,y"}, []string{"public/DEFAULT_GROUP/app.yaml"}},
		{"blur prefix", Query{Blur: true, DataID: "app.*"}, []string{"public/DEFAULT_GROUP/app.yaml", "public/DEFAULT_GROUP/app.json"}},
		{"blur without star is exact", Query{Blur: true, DataID: "app"}, nil},
		{"blur underscore is one char", Query{Blur: true, DataID: "app_yaml"}, []string{"public/DEFAULT_GROUP/app.yaml", "public/OTHER/app_yaml"}},
		{"blur group", Query{Blur: true, Group: "*GROUP"}, []string{"public/DEFAULT_GROUP/app.yaml", "public/DEFAULT_GROUP/app.json"}},
		{"blur tenant star", Query{Blur: true, Tenant: "*", DataID: "*.yaml"}, []string{"public/DEFAULT_GROUP/app.yaml", "dev/DEFAULT_GROUP/app.yaml"}},
		{"blur types", Query{Blur: true, Types: "json,text"}, []string{"public/DEFAULT_GROUP/app.json", "public/OTHER/app_yaml"}},
		{"blur case-sensitive", Query{Blur: true, DataID: "APP*"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.PageNo, c.q.PageSize = 1, 10
			page, err := s.Search(c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range page.Items {
				got = append(got, it.Tenant+"/"+it.Group+"/"+it.DataID)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") || page.TotalCount != len(c.want) {
				t.Fatalf("got %v (total %d), want %v", got, page.TotalCount, c.want)
			}
		})
	}
}

func TestSearchPaging(t *testing.T) {
	s, _ := newTestService(t)
	for _, d := range []string{"a", "b", "c", "d", "e"} {
		publish(t, s, "", "G", d, "v")
	}
	cases := []struct {
		pageNo, pageSize     int
		items, pages, number int
	}{
		{1, 2, 2, 3, 1}, {3, 2, 1, 3, 3}, {4, 2, 0, 3, 4}, {1, 100, 5, 1, 1},
	}
	for _, c := range cases {
		page, err := s.Search(Query{PageNo: c.pageNo, PageSize: c.pageSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != c.items || page.PagesAvailable != c.pages || page.PageNumber != c.number || page.TotalCount != 5 {
			t.Fatalf("%+v: %d items, page %+v", c, len(page.Items), page)
		}
	}
	for _, bad := range [][2]int{{0, 10}, {1, 0}, {-1, 10}, {1, -5}} {
		_, err := s.Search(Query{PageNo: bad[0], PageSize: bad[1]})
		if registry.KindOf(err) != registry.KindInvalid || err.Error() != "pageNo and pageSize must be greater than zero" {
			t.Fatalf("page %v: %v", bad, err)
		}
	}
}

func TestLike(t *testing.T) {
	cases := []struct {
		pattern, value string
		want           bool
	}{
		{"", "", true}, {"", "a", false}, {"*", "", true}, {"*", "abc", true},
		{"a*", "abc", true}, {"*c", "abc", true}, {"a*c", "abbbc", true}, {"a*c", "abd", false},
		{"a_c", "abc", true}, {"a_c", "ac", false}, {"a%c", "ac", true}, {"*b*", "abc", true},
		{"a**", "a", true}, {"ab", "abc", false}, {"数*", "数据", true}, {"_", "数", true},
	}
	for _, c := range cases {
		if got := Like(c.pattern, c.value); got != c.want {
			t.Errorf("Like(%q, %q) = %v", c.pattern, c.value, got)
		}
	}
}

// FuzzLike checks the matcher against the regular expression the pattern
// means. Patterns come from clients: no input may panic or take long.
func FuzzLike(f *testing.F) {
	f.Add("a*b_c%", "axxbycz")
	f.Add("***_", "x")
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if len(pattern) > 64 || len(value) > 64 {
			return
		}
		var re strings.Builder
		re.WriteString(`^(?s:`)
		for _, r := range pattern {
			switch r {
			case '*', '%':
				re.WriteString(".*")
			case '_':
				re.WriteString(".")
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString(`)$`)
		want := regexp.MustCompile(re.String()).MatchString(value)
		if got := Like(pattern, value); got != want {
			t.Fatalf("Like(%q, %q) = %v, regexp says %v", pattern, value, got, want)
		}
	})
}
