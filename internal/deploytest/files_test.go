package deploytest

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/config"
)

// yamlValue is the value of the first "key: value" line (any indentation)
// with that key, unquoted.
func yamlValue(ls []string, key string) (string, bool) {
	for _, l := range ls {
		k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- ")), ":")
		if ok && k == key {
			return strings.Trim(strings.TrimSpace(v), `"'`), true
		}
	}
	return "", false
}

// appEnv reads app.yaml's env_variables block.
func appEnv(ls []string) map[string]string {
	env := map[string]string{}
	in := false
	for _, l := range ls {
		switch {
		case l == "env_variables:":
			in = true
		case in && strings.HasPrefix(l, "  "):
			k, v, _ := strings.Cut(strings.TrimSpace(l), ":")
			env[k] = strings.Trim(strings.TrimSpace(v), `"'`)
		default:
			in = false
		}
	}
	return env
}

func TestAppYAML(t *testing.T) {
	ls := lines(readRepoFile(t, "app.yaml"))
	env := appEnv(ls)

	t.Run("runtime is go.mod's Go", func(t *testing.T) {
		got, _ := yamlValue(ls, "runtime")
		if want := "go" + strings.ReplaceAll(goMinor(t), ".", ""); got != want {
			t.Errorf("runtime: got %q, want %q (App Engine standard's name for go.mod's Go)", got, want)
		}
	})
	t.Run("no secret-looking values", func(t *testing.T) {
		for _, l := range ls {
			if secretLike(l) {
				t.Errorf("app.yaml line %q looks like a credential", l)
			}
		}
	})
	t.Run("env names are in the contract", func(t *testing.T) {
		if len(env) == 0 {
			t.Fatal("no env_variables")
		}
		for k := range env {
			if !slices.Contains(config.Variables, k) {
				t.Errorf("env %s: not in config.Variables", k)
			}
			// PORT and GOOGLE_CLOUD_PROJECT belong to App Engine; a key file is not needed.
			if k == "PORT" || k == "GOOGLE_CLOUD_PROJECT" || k == "GOOGLE_APPLICATION_CREDENTIALS" {
				t.Errorf("env %s: must not be set in app.yaml", k)
			}
		}
	})
	// Behind App Engine the app sees http://, so the audience must be written
	// down; the placeholder must stop Onboard rather than let it reject every
	// request with a wrong audience.
	tests := []struct {
		name     string
		audience string
		wantErr  string
	}{
		{"placeholder as committed", env["CHAT_AUDIENCE"], "CHAT_AUDIENCE"},
		{"endpoint URL filled in", "https://my-proj.ew.r.appspot.com", ""},
		{"project number filled in", "123456789012", ""},
	}
	for _, tt := range tests {
		t.Run("audience/"+tt.name, func(t *testing.T) {
			e := map[string]string{"CHAT_AUDIENCE": tt.audience}
			for k, v := range env {
				if k != "CHAT_AUDIENCE" {
					e[k] = v
				}
			}
			_, err := config.Load(func(k string) string { return e[k] })
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("config.Load: got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("config.Load: got %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestCloudRunServiceYAML(t *testing.T) {
	text := readRepoFile(t, "deploy/cloudrun/service.yaml")
	ls := lines(text)
	tests := []struct {
		key, want string
	}{
		{"apiVersion", "serving.knative.dev/v1"},
		{"kind", "Service"},
		{"run.googleapis.com/ingress", "all"},
		{"containerPort", "8080"},
		{"timeoutSeconds", "60"},
		{"containerConcurrency", "80"},
		{"serviceAccountName", "onboard-app@PROJECT_ID.iam.gserviceaccount.com"},
	}
	for _, tt := range tests {
		if got, ok := yamlValue(ls, tt.key); !ok || got != tt.want {
			t.Errorf("%s: got %q (present: %v), want %q", tt.key, got, ok, tt.want)
		}
	}
	// Probes: /health, never a path ending in z (Cloud Run reserves those).
	var paths []string
	for _, l := range ls {
		if v, ok := yamlValue([]string{l}, "path"); ok {
			paths = append(paths, v)
		}
	}
	for _, probe := range []string{"startupProbe:", "livenessProbe:"} {
		if !strings.Contains(text, probe) {
			t.Errorf("no %s", probe)
		}
	}
	if len(paths) != 2 || slices.ContainsFunc(paths, func(p string) bool { return p != "/health" }) {
		t.Errorf("probe paths: got %q, want [/health /health]", paths)
	}
	// The CPU comment for background jobs is there for whoever enables them.
	for _, want := range []string{"run.googleapis.com/cpu-throttling", "autoscaling.knative.dev/minScale"} {
		if !strings.Contains(text, want) {
			t.Errorf("service.yaml does not mention %s", want)
		}
	}
	name := regexp.MustCompile(`^\s*- name: ([A-Z_]+)$`)
	var names []string
	for _, l := range ls {
		if m := name.FindStringSubmatch(l); m != nil {
			names = append(names, m[1])
		}
		if secretLike(l) {
			t.Errorf("line %q looks like a credential", l)
		}
	}
	if !slices.Contains(names, "CHAT_AUDIENCE") {
		t.Errorf("env names %q: want CHAT_AUDIENCE among them", names)
	}
	for _, n := range names {
		if !slices.Contains(config.Variables, n) || n == "GOOGLE_APPLICATION_CREDENTIALS" || n == "PORT" {
			t.Errorf("env %s: want a contract variable other than PORT (Cloud Run sets it) and GOOGLE_APPLICATION_CREDENTIALS (ADC)", n)
		}
	}
}
