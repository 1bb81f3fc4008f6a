package deploytest

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
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

// runtimeRuns reports whether App Engine's runtime (go126) provides a Go
// at least as new as goVersion ("1.26"), which go.mod requires.
func runtimeRuns(runtime, goVersion string) bool {
	digits, ok := strings.CutPrefix(runtime, "go")
	major, minor, ok2 := strings.Cut(goVersion, ".")
	if !ok || !ok2 || len(digits) < 2 || digits[:1] != major {
		return false
	}
	have, err1 := strconv.Atoi(digits[1:])
	want, err2 := strconv.Atoi(minor)
	return err1 == nil && err2 == nil && have >= want
}

func TestRuntimeRuns(t *testing.T) {
	for _, tt := range []struct {
		runtime, goVersion string
		want               bool
	}{
		{"go126", "1.26", true},
		{"go127", "1.26", true},
		{"go125", "1.26", false},
		{"go124", "1.24", true},
		{"go1", "1.26", false},
		{"python312", "1.26", false},
		{"go226", "1.26", false},
	} {
		if got := runtimeRuns(tt.runtime, tt.goVersion); got != tt.want {
			t.Errorf("runtimeRuns(%q, %q) = %v, want %v", tt.runtime, tt.goVersion, got, tt.want)
		}
	}
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

	t.Run("runtime is listed by Google and runs go.mod's Go", func(t *testing.T) {
		got, _ := yamlValue(ls, "runtime")
		listed := lines(readRepoFile(t, "deploy/appengine-runtimes.txt"))
		if !slices.Contains(listed, got) {
			t.Errorf("runtime: got %q, want one of deploy/appengine-runtimes.txt %q (the runtimes Google lists)", got, listed)
		}
		if !runtimeRuns(got, goMinor(t)) {
			t.Errorf("runtime %s cannot build go.mod's go %s: want go%s or newer", got, goMinor(t),
				strings.ReplaceAll(goMinor(t), ".", ""))
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
	t.Run("database URL by reference only", func(t *testing.T) {
		if _, ok := env["DATABASE_URL"]; ok {
			t.Error("env DATABASE_URL: must not be committed (it holds a password); want it added at deploy time")
		}
		text := readRepoFile(t, "app.yaml")
		for _, want := range []string{"DATABASE_URL", "REFUSES TO START", "postgres://", "SQLite"} {
			if !strings.Contains(text, want) {
				t.Errorf("app.yaml's comments do not mention %q: say that Onboard refuses SQLite on App Engine and how DATABASE_URL gets there", want)
			}
		}
		// deploy/README.md's recipe appends DATABASE_URL to an uncommitted
		// copy, which lands in env_variables only if that block is last.
		var top []string
		for _, l := range ls {
			if l[0] != ' ' {
				top = append(top, l)
			}
		}
		if len(top) == 0 || top[len(top)-1] != "env_variables:" {
			t.Errorf("top-level keys %q: want env_variables: last", top)
		}
	})
	t.Run("an instance stays up for background work", func(t *testing.T) {
		got, _ := yamlValue(ls, "min_instances")
		if _, basic := yamlValue(ls, "basic_scaling"); got != "1" && !basic {
			t.Errorf("automatic_scaling min_instances: got %q, want 1 (or basic_scaling): jobs run after the reply", got)
		}
	})
	// Behind App Engine the app sees http://, so the audience must be written
	// down; the placeholder must stop Onboard rather than let it reject every
	// request with a wrong audience. Replayed as App Engine runs it:
	// GAE_SERVICE set, DATABASE_URL from the uncommitted copy.
	tests := []struct {
		name        string
		audience    string
		databaseURL string
		wantErr     string
	}{
		{"placeholder as committed", env["CHAT_AUDIENCE"], standInDatabaseURL, "CHAT_AUDIENCE"},
		{"endpoint URL filled in", "https://my-proj.ew.r.appspot.com", standInDatabaseURL, ""},
		{"project number filled in", "123456789012", standInDatabaseURL, ""},
		{"no DATABASE_URL added", "https://my-proj.ew.r.appspot.com", "", "DATABASE_URL"},
		{"SQLite", "https://my-proj.ew.r.appspot.com", "sqlite:onboard.db", "DATABASE_URL"},
	}
	for _, tt := range tests {
		t.Run("start/"+tt.name, func(t *testing.T) {
			e := map[string]string{"CHAT_AUDIENCE": tt.audience, "GAE_SERVICE": "default", "DATABASE_URL": tt.databaseURL}
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
	// Probes: startup waits for /ready, liveness asks /health; never a path
	// ending in z (Cloud Run reserves those).
	probes := probePaths(ls)
	if want := map[string]string{"startupProbe": "/ready", "livenessProbe": "/health"}; !maps.Equal(probes, want) {
		t.Errorf("probe paths: got %v, want %v", probes, want)
	}
	// Background work runs after the reply: on the revision template, CPU
	// always allocated and one instance kept.
	annotations := templateAnnotations(ls)
	for key, want := range map[string]string{"run.googleapis.com/cpu-throttling": "false", "autoscaling.knative.dev/minScale": "1"} {
		if got, ok := annotations[key]; !ok || got != want {
			t.Errorf("revision template annotation %s: got %q (present: %v), want %q", key, got, ok, want)
		}
	}
	if got := annotations["run.googleapis.com/cloudsql-instances"]; got != "PROJECT_ID:REGION:INSTANCE" {
		t.Errorf("run.googleapis.com/cloudsql-instances: got %q, want the placeholder PROJECT_ID:REGION:INSTANCE", got)
	}
	// DATABASE_URL comes from Secret Manager, never as a value in this file;
	// with the placeholders filled in, the environment starts on Cloud Run.
	env, secrets := serviceEnv(ls)
	if _, plain := env["DATABASE_URL"]; plain || secrets["DATABASE_URL"] == "" {
		t.Errorf("DATABASE_URL: got value %q, secret %q; want a secretKeyRef only", env["DATABASE_URL"], secrets["DATABASE_URL"])
	}
	for _, tt := range []struct{ name, audience, agent, wantErr string }{
		{"as committed", env["CHAT_AUDIENCE"], env["CHAT_ADDON_SERVICE_ACCOUNT"], "CHAT_AUDIENCE"},
		{"audience filled in, not the agent", fakeURL, env["CHAT_ADDON_SERVICE_ACCOUNT"], "CHAT_ADDON_SERVICE_ACCOUNT"},
		{"both filled in", fakeURL, fakeAddonAgent, ""},
	} {
		e := map[string]string{"K_SERVICE": "onboard", "DATABASE_URL": standInDatabaseURL}
		maps.Copy(e, env)
		e["CHAT_AUDIENCE"], e["CHAT_ADDON_SERVICE_ACCOUNT"] = tt.audience, tt.agent
		_, err := config.Load(func(k string) string { return e[k] })
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("service.yaml's env %s: config.Load: got %v, want no error", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("service.yaml's env %s: config.Load: got %v, want an error naming %s", tt.name, err, tt.wantErr)
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
	if !slices.Contains(names, "CHAT_AUDIENCE") || !slices.Contains(names, "DATABASE_URL") {
		t.Errorf("env names %q: want CHAT_AUDIENCE and DATABASE_URL among them", names)
	}
	for _, n := range names {
		if !slices.Contains(config.Variables, n) || n == "GOOGLE_APPLICATION_CREDENTIALS" || n == "PORT" {
			t.Errorf("env %s: want a contract variable other than PORT (Cloud Run sets it) and GOOGLE_APPLICATION_CREDENTIALS (ADC)", n)
		}
	}
}

// indent is the number of leading spaces.
func indent(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// probePaths maps each probe (startupProbe, livenessProbe, …) to its path.
func probePaths(ls []string) map[string]string {
	paths := map[string]string{}
	probe := ""
	for _, l := range ls {
		k, _, _ := strings.Cut(strings.TrimSpace(l), ":")
		if strings.HasSuffix(k, "Probe") {
			probe = k
		} else if v, ok := yamlValue([]string{l}, "path"); ok && probe != "" {
			paths[probe] = v
		}
	}
	return paths
}

// templateAnnotations are the annotations of spec.template.metadata: the
// revision's, where Cloud Run reads CPU allocation and scaling.
func templateAnnotations(ls []string) map[string]string {
	out := map[string]string{}
	inTemplate, inAnnotations, depth := false, false, 0
	for _, l := range ls {
		key := strings.TrimSpace(l)
		switch {
		case key == "template:":
			inTemplate = true
		case inTemplate && key == "annotations:":
			inAnnotations, depth = true, indent(l)
		case inAnnotations && indent(l) > depth:
			k, v, _ := strings.Cut(key, ":")
			out[k] = strings.Trim(strings.TrimSpace(v), `"'`)
		case inAnnotations:
			return out
		}
	}
	return out
}

// serviceEnv reads the container's env list: plain values, and secret
// references (secretKeyRef name) by variable.
func serviceEnv(ls []string) (values, secrets map[string]string) {
	values, secrets = map[string]string{}, map[string]string{}
	name := ""
	for _, l := range ls {
		if n, ok := strings.CutPrefix(strings.TrimSpace(l), "- name: "); ok && strings.ToUpper(n) == n {
			name = n
			continue
		}
		if name == "" {
			continue
		}
		if v, ok := yamlValue([]string{l}, "value"); ok {
			values[name] = v
		} else if v, ok := yamlValue([]string{l}, "name"); ok {
			secrets[name] = v // under valueFrom.secretKeyRef
		}
	}
	return values, secrets
}
