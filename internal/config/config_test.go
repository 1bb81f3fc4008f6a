package config

import (
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDemoOnlyWithoutContractVariables(t *testing.T) {
	c, err := Load(env(map[string]string{"PORT": "9000"}))
	if err != nil || !c.Demo || c.Addr != "127.0.0.1:9000" {
		t.Fatalf("got demo=%v addr=%q err=%v, want the demo on 127.0.0.1:9000", c.Demo, c.Addr, err)
	}
}

// HOST chooses the interface: every interface by default in a deployment
// (Cloud Run sends traffic to the container's external interface), the
// loopback interface in the demo unless HOST says otherwise; a HOST with a
// port or a scheme is an error, not a surprise at listen time.
func TestLoadHost(t *testing.T) {
	tests := []struct {
		name, host, audience, wantAddr, wantErr string
	}{
		{"deployment default", "", "1", ":8080", ""},
		{"deployment on loopback", "127.0.0.1", "1", "127.0.0.1:8080", ""},
		{"demo default", "", "", "127.0.0.1:8080", ""},
		{"demo on every interface", "0.0.0.0", "", "0.0.0.0:8080", ""},
		{"IPv6", "::1", "1", "[::1]:8080", ""},
		{"host name", "localhost", "1", "localhost:8080", ""},
		{"with a port", "127.0.0.1:80", "1", "", "HOST"},
		{"a URL", "http://x", "1", "", "HOST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(map[string]string{"HOST": tt.host, "CHAT_AUDIENCE": tt.audience}))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("HOST=%q: err %v, want one naming %s", tt.host, err, tt.wantErr)
				}
				return
			}
			if err != nil || c.Addr != tt.wantAddr || c.Demo != (tt.audience == "") {
				t.Errorf("HOST=%q: addr %q demo %v err %v, want %q", tt.host, c.Addr, c.Demo, err, tt.wantAddr)
			}
		})
	}
}

func TestLoadPartialConfigurationNamesWhatIsMissing(t *testing.T) {
	for _, v := range Variables {
		if v == "CHAT_AUDIENCE" || demoVariables[v] {
			continue
		}
		t.Run(v, func(t *testing.T) {
			c, err := Load(env(map[string]string{v: "x"}))
			if err == nil || c.Demo {
				t.Fatalf("%s alone: demo=%v err=%v, want a start-up error", v, c.Demo, err)
			}
			if !strings.Contains(err.Error(), "CHAT_AUDIENCE is required") || !strings.Contains(err.Error(), v) {
				t.Errorf("error %q does not name CHAT_AUDIENCE and %s", err, v)
			}
		})
	}
}

func TestLoadModes(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		urlMode bool
	}{
		{"url mode", map[string]string{"CHAT_AUDIENCE": "https://onboard.example.com/"}, "", true},
		{"project mode", map[string]string{"CHAT_AUDIENCE": "123456789012"}, "", false},
		{"addon in url mode", map[string]string{"CHAT_AUDIENCE": "https://x.example/",
			"CHAT_ADDON_SERVICE_ACCOUNT": "service-1234@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"}, "", true},
		{"addon in project mode", map[string]string{"CHAT_AUDIENCE": "1234",
			"CHAT_ADDON_SERVICE_ACCOUNT": "service-1234@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"}, "only signed for the HTTP endpoint URL", false},
		{"addon malformed", map[string]string{"CHAT_AUDIENCE": "https://x.example/",
			"CHAT_ADDON_SERVICE_ACCOUNT": "evil@example.com"}, "CHAT_ADDON_SERVICE_ACCOUNT", true},
		{"http audience", map[string]string{"CHAT_AUDIENCE": "http://x.example/"}, "want your https:// endpoint URL", false},
		{"bad policy", map[string]string{"CHAT_AUDIENCE": "1", "INVITE_POLICY": "all"}, "INVITE_POLICY", false},
		{"bad ids", map[string]string{"CHAT_AUDIENCE": "1", "CHAT_COMMAND_IDS": "1=dance"}, "CHAT_COMMAND_IDS", false},
		{"bad domain", map[string]string{"CHAT_AUDIENCE": "1", "ORG_DOMAINS": "example.com,localhost"}, "ORG_DOMAINS", false},
		{"bad port", map[string]string{"CHAT_AUDIENCE": "1", "PORT": "http"}, "PORT", false},
		{"sqlite on Cloud Run", map[string]string{"CHAT_AUDIENCE": "1", "K_SERVICE": "onboard"}, "must be postgres", false},
		{"sqlite on App Engine", map[string]string{"CHAT_AUDIENCE": "1", "GAE_SERVICE": "default", "DATABASE_URL": "sqlite:x.db"}, "must be postgres", false},
		{"postgres on Cloud Run", map[string]string{"CHAT_AUDIENCE": "1", "K_SERVICE": "onboard", "DATABASE_URL": "postgres://db/x"}, "", false},
		{"bad database", map[string]string{"CHAT_AUDIENCE": "1", "DATABASE_URL": "mysql://x"}, "DATABASE_URL", false},
		{"bad admins", map[string]string{"CHAT_AUDIENCE": "1", "ONBOARD_ADMINS": "root"}, "ONBOARD_ADMINS", false},
		{"bad rescue", map[string]string{"CHAT_AUDIENCE": "1", "JOB_RESCUE_AFTER": "5ms"}, "JOB_RESCUE_AFTER", false},
		{"bad allowed spaces", map[string]string{"CHAT_AUDIENCE": "1", "ALLOWED_SPACES": "spaces/A,finance"}, "ALLOWED_SPACES", false},
		{"bad paused", map[string]string{"CHAT_AUDIENCE": "1", "ONBOARD_PAUSED": "maybe"}, "ONBOARD_PAUSED", false},
		{"bad command rate", map[string]string{"CHAT_AUDIENCE": "1", "COMMANDS_PER_MINUTE": "0"}, "COMMANDS_PER_MINUTE", false},
		{"bad retention", map[string]string{"CHAT_AUDIENCE": "1", "AUDIT_RETENTION_DAYS": "forever"}, "AUDIT_RETENTION_DAYS", false},
		{"bad locale", map[string]string{"CHAT_AUDIENCE": "1", "DEFAULT_LOCALE": "Chinese!"}, "DEFAULT_LOCALE", false},
		{"bad time zone", map[string]string{"CHAT_AUDIENCE": "1", "DEFAULT_TIME_ZONE": "Mars/Olympus"}, "DEFAULT_TIME_ZONE", false},
		{"the machine's own zone", map[string]string{"CHAT_AUDIENCE": "1", "DEFAULT_TIME_ZONE": "Local"}, "DEFAULT_TIME_ZONE", false},
		{"bad write budget", map[string]string{"CHAT_AUDIENCE": "1", "CHAT_MEMBERSHIP_WRITES_PER_MIN": "-5"}, "CHAT_MEMBERSHIP_WRITES_PER_MIN", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(tt.env))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
			}
			if err == nil && c.URLMode() != tt.urlMode {
				t.Errorf("URLMode() = %v, want %v", c.URLMode(), tt.urlMode)
			}
		})
	}
}

func TestLoadValuesAndSummaryHidesSecrets(t *testing.T) {
	c, err := Load(env(map[string]string{"CHAT_AUDIENCE": "123", "ORG_DOMAINS": " Example.com , example.org",
		"INVITE_POLICY": "members", "CHAT_API_ENDPOINT": "http://127.0.0.1:9/", "DATABASE_URL": "postgres://u:hunter2@db/x"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.Policy != bot.PolicyMembers || strings.Join(c.OrgDomains, ",") != "example.com,example.org" {
		t.Errorf("got addr %q policy %q domains %v", c.Addr, c.Policy, c.OrgDomains)
	}
	s := c.Summary()
	if strings.Contains(s["DATABASE_URL"], "hunter2") {
		t.Errorf("summary leaks the database password: %q", s["DATABASE_URL"])
	}
	if len(s) != len(Variables) {
		t.Errorf("summary has %d entries, want one per variable (%d)", len(s), len(Variables))
	}
}

// TestLoadLocaleAndTimeZone: an organisation in Taiwan sets both once.
func TestLoadLocaleAndTimeZone(t *testing.T) {
	c, err := Load(env(map[string]string{"CHAT_AUDIENCE": "123", "DEFAULT_LOCALE": "zh_tw", "DEFAULT_TIME_ZONE": "Asia/Taipei"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DefaultLocale != "zh-TW" || c.DefaultTimeZone == nil || c.DefaultTimeZone.String() != "Asia/Taipei" {
		t.Errorf("locale %q, zone %v; want zh-TW, Asia/Taipei", c.DefaultLocale, c.DefaultTimeZone)
	}
	if s := c.Summary(); s["DEFAULT_LOCALE"] != "zh-TW" || s["DEFAULT_TIME_ZONE"] != "Asia/Taipei" {
		t.Errorf("summary %q %q", s["DEFAULT_LOCALE"], s["DEFAULT_TIME_ZONE"])
	}
}

// Cloud Run and App Engine log every request themselves: there, only
// answers from 400 up get an access line of ours unless ACCESS_LOG says
// otherwise; elsewhere every answer does.
func TestLoadAccessLog(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"own server", map[string]string{}, AccessLogAll},
		{"Cloud Run", map[string]string{"K_SERVICE": "onboard"}, AccessLogErrors},
		{"App Engine", map[string]string{"GAE_SERVICE": "default"}, AccessLogErrors},
		{"Cloud Run, asked for all", map[string]string{"K_SERVICE": "onboard", "ACCESS_LOG": "all"}, AccessLogAll},
		{"own server, asked for errors", map[string]string{"ACCESS_LOG": "errors"}, AccessLogErrors},
	} {
		vars := map[string]string{"CHAT_AUDIENCE": "123", "DATABASE_URL": "postgres://db/x"}
		for k, v := range tc.env {
			vars[k] = v
		}
		c, err := Load(env(vars))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if c.AccessLog != tc.want || c.Summary()["ACCESS_LOG"] != tc.want {
			t.Errorf("%s: ACCESS_LOG %q (summary %q), want %q", tc.name, c.AccessLog, c.Summary()["ACCESS_LOG"], tc.want)
		}
	}
	if demo, err := Load(env(map[string]string{})); err != nil || demo.AccessLog != AccessLogAll {
		t.Errorf("demo: ACCESS_LOG %q, %v; want all", demo.AccessLog, err)
	}
	_, err := Load(env(map[string]string{"CHAT_AUDIENCE": "123", "ACCESS_LOG": "none"}))
	if err == nil || !strings.Contains(err.Error(), "ACCESS_LOG") {
		t.Errorf("ACCESS_LOG=none: got %v, want an error naming ACCESS_LOG", err)
	}
}

func TestLoadOAuth(t *testing.T) {
	key := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // 32 bytes, base64
	base := func(extra map[string]string) map[string]string {
		m := map[string]string{"CHAT_AUDIENCE": "https://onboard.example.com/chat", "OAUTH_CLIENT_ID": "id",
			"OAUTH_CLIENT_SECRET": "shh-secret", "TOKEN_ENCRYPTION_KEY": key}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	c, err := Load(env(base(nil)))
	if err != nil || !c.OAuth.Enabled() || c.OAuth.RedirectURL != "https://onboard.example.com/oauth2/callback" {
		t.Fatalf("URL mode: enabled %v redirect %q err %v, want the endpoint's origin + /oauth2/callback",
			c.OAuth.Enabled(), c.OAuth.RedirectURL, err)
	}
	for k, v := range c.Summary() {
		if strings.Contains(v, "shh-secret") || strings.Contains(v, key) {
			t.Errorf("Summary shows a secret in %s", k)
		}
	}
	for name, tc := range map[string]struct {
		env     map[string]string
		wantErr string
	}{
		"project mode needs a redirect": {base(map[string]string{"CHAT_AUDIENCE": "1234"}), "OAUTH_REDIRECT_URL is required"},
		"project mode with a redirect": {base(map[string]string{"CHAT_AUDIENCE": "1234",
			"OAUTH_REDIRECT_URL": "https://auth.example.com/oauth2/callback"}), ""},
		"no secret":        {base(map[string]string{"OAUTH_CLIENT_SECRET": ""}), "OAUTH_CLIENT_SECRET is required"},
		"no key":           {base(map[string]string{"TOKEN_ENCRYPTION_KEY": ""}), "TOKEN_ENCRYPTION_KEY is required"},
		"short key":        {base(map[string]string{"TOKEN_ENCRYPTION_KEY": "c2hvcnQ="}), "TOKEN_ENCRYPTION_KEY"},
		"wrong path":       {base(map[string]string{"OAUTH_REDIRECT_URL": "https://x.example/callback"}), "OAUTH_REDIRECT_URL"},
		"plain http":       {base(map[string]string{"OAUTH_REDIRECT_URL": "http://x.example/oauth2/callback"}), "OAUTH_REDIRECT_URL"},
		"secret alone":     {map[string]string{"CHAT_AUDIENCE": "1", "OAUTH_CLIENT_SECRET": "x"}, "OAUTH_CLIENT_ID is not"},
		"invoker no oauth": {map[string]string{"CHAT_AUDIENCE": "1", "ADD_USERS_AS": "invoker"}, "needs OAUTH_CLIENT_ID"},
		"invoker":          {base(map[string]string{"ADD_USERS_AS": "invoker"}), ""},
		"bad add users as": {base(map[string]string{"ADD_USERS_AS": "everyone"}), "ADD_USERS_AS"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(tc.env))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("err %v, want none", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("err %v, want one with %q", err, tc.wantErr)
			case err != nil && (strings.Contains(err.Error(), "shh-secret") || strings.Contains(err.Error(), key)):
				t.Errorf("the error repeats a secret: %v", err)
			}
		})
	}
}
