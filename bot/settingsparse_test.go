package bot

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testLocales are the languages the settings may name in these tests.
var testLocales = []string{"en", "zh-TW"}

func TestParseSettings(t *testing.T) {
	off := false
	tests := []struct {
		name    string
		words   []string
		want    SpaceSettings
		wantErr bool
	}{
		{"all keys", []string{"invite=members", "remove=MANAGERS", "domains=example.com,@partner.org", "max=50", "plans=off"},
			SpaceSettings{Space: "spaces/A", InvitePolicy: PolicyMembers, RemovePolicy: PolicyManagers,
				AllowedDomains: []string{"example.com", "partner.org"}, MaxPeople: 50, PlansAllowed: &off}, false},
		{"defaults", []string{"invite=default", "domains=default", "max=default", "plans=default", "locale=default"},
			SpaceSettings{Space: "spaces/A"}, false},
		{"locale in any spelling", []string{"locale=ZH_tw"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7, Locale: "zh-TW"}, false},
		{"a language Onboard does not speak", []string{"locale=fr"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7}, true},
		{"unknown key", []string{"admin=me"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7}, true},
		{"bad max", []string{"max=100000"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7}, true},
		{"bad domain", []string{"domains=evil/../x"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7}, true},
		{"not key=value", []string{"members"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7}, true},
		{"one bad word changes nothing", []string{"invite=members", "plans=maybe"}, SpaceSettings{Space: "spaces/A", MaxPeople: 7}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSettings(SpaceSettings{Space: "spaces/A", MaxPeople: 7}, tt.words, testLocales)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
		})
	}
}

// A person who typed several things wrong learns about each, by the part
// they typed, and what was wrong with it.
func TestParseSettingsNamesEveryMistake(t *testing.T) {
	_, err := ParseSettings(SpaceSettings{}, []string{"invite=everyone", "max=900", "domains=example.com,not a domain",
		"colour=blue", "members", "plans=maybe", "remove=members", "locale=fr"}, testLocales)
	se, ok := err.(*SettingsError)
	if !ok {
		t.Fatalf("err = %v, want *SettingsError", err)
	}
	want := []SettingsMistake{
		{Part: "invite=everyone", Key: "invite", Kind: MistakeBadPolicy, Value: "everyone"},
		{Part: "max=900", Key: "max", Kind: MistakeBadMax, Value: "900"},
		{Part: "domains=example.com,not a domain", Key: "domains", Kind: MistakeBadDomain, Value: "not a domain"},
		{Part: "colour=blue", Key: "colour", Kind: MistakeUnknownKey, Value: "colour"},
		{Part: "members", Kind: MistakeNotKeyValue},
		{Part: "plans=maybe", Key: "plans", Kind: MistakeBadPlans, Value: "maybe"},
		{Part: "locale=fr", Key: "locale", Kind: MistakeBadLocale, Value: "fr"},
	}
	if diff := cmp.Diff(want, se.Mistakes); diff != "" {
		t.Errorf("mistakes (-want +got):\n%s", diff)
	}
}

func TestSettingsFromForm(t *testing.T) {
	got, err := SettingsFromForm(SpaceSettings{Space: "spaces/A"}, map[string][]string{
		"invitePolicy": {"members"}, "allowedDomains": {"example.com, example.org"}, "maxPeople": {""}, "plansAllowed": {"on"}, "locale": {"zh-TW"}}, testLocales)
	if err != nil {
		t.Fatal(err)
	}
	on := true
	want := SpaceSettings{Space: "spaces/A", InvitePolicy: PolicyMembers, AllowedDomains: []string{"example.com", "example.org"}, PlansAllowed: &on,
		Locale: "zh-TW"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
}

func FuzzParseSettings(f *testing.F) {
	for _, seed := range []string{"invite=members max=5", "domains=a.b,@c.d plans=off", "x", "max=-1", "domains==", "remove=\x00", "locale=zh-tw", "locale=zh-"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		before := SpaceSettings{Space: "spaces/A", MaxPeople: 9}
		got, err := ParseSettings(before, splitWords(in), testLocales)
		if err != nil && !cmp.Equal(got, before) {
			t.Fatalf("a failed parse changed the settings: %+v", got)
		}
		if got.Locale != "" && !slices.Contains(testLocales, got.Locale) {
			t.Fatalf("accepted locale %q", got.Locale)
		}
		if got.MaxPeople < 0 || got.MaxPeople > 500 {
			t.Fatalf("max %d out of range", got.MaxPeople)
		}
		for _, d := range got.AllowedDomains {
			if !isEmail("x@" + d) {
				t.Fatalf("accepted domain %q", d)
			}
		}
	})
}
