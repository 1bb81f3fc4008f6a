package deploytest

import (
	"crypto/rand"
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/config"
)

// standInSecrets are what Cloud Run would read from the secrets setup.sh
// binds, when an instance starts; setup.sh itself never sees them. The key
// is made at run time, as `openssl rand -base64 32` would.
var standInSecrets = map[string]string{
	"DATABASE_URL":                  standInDatabaseURL,
	"OAUTH_CLIENT_SECRET":           "stand-in client secret",
	"TOKEN_ENCRYPTION_KEY":          randomKey(),
	"TOKEN_ENCRYPTION_KEY_PREVIOUS": randomKey(),
}

func randomKey() string {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return base64.StdEncoding.EncodeToString(k)
}

// envChange applies one gcloud call's environment flags to env and
// reports whether the call had any. A variable bound to a secret becomes
// the stand-in value Cloud Run would read from it.
func envChange(t *testing.T, call string, env map[string]string) bool {
	t.Helper()
	fields := strings.Fields(call)
	set := false
	for i, f := range fields {
		if i+1 >= len(fields) {
			break
		}
		switch f {
		case "--remove-env-vars":
			set = true
			for _, k := range strings.Split(fields[i+1], ",") {
				delete(env, k)
			}
		case "--update-env-vars", "--set-env-vars", "--update-secrets", "--set-secrets":
			set = true
			secret := strings.HasSuffix(f, "-secrets")
			for _, kv := range strings.Split(fields[i+1], ",") {
				k, v, _ := strings.Cut(kv, "=")
				if !slices.Contains(config.Variables, k) {
					t.Errorf("gcloud %s: sets %s, which is not in the configuration contract", call, k)
				}
				standIn, isSecret := standInSecrets[k]
				switch {
				case isSecret && !secret:
					t.Errorf("gcloud %s: %s as a plain value; want it bound to its secret", call, k)
				case secret && !isSecret:
					t.Errorf("gcloud %s: %s bound to a secret; want a plain value", call, k)
				case secret:
					if !strings.HasSuffix(v, ":latest") {
						t.Errorf("gcloud %s: %s=%s, want SECRET:latest", call, k, v)
					}
					v = standIn
				}
				env[k] = v
			}
		}
	}
	return set
}

// checkEveryRevisionStarts replays the environment setup.sh gives service
// through config.Load as Cloud Run runs it — K_SERVICE set, and the secrets
// resolved (stand-in values here): a value Onboard rejects would be a
// revision that never becomes ready (the first deploy's placeholder
// audience and redirect URL included, and a deploy without the database).
func checkEveryRevisionStarts(t *testing.T, calls []string, service string) {
	t.Helper()
	env := map[string]string{"K_SERVICE": service}
	changed := false
	for _, c := range calls {
		if serviceOf(c) != service {
			continue
		}
		if !envChange(t, c, env) {
			continue
		}
		changed = true
		if _, err := config.Load(func(k string) string { return env[k] }); err != nil {
			t.Errorf("after gcloud %s: Onboard would not start on Cloud Run: %v", c, err)
		}
	}
	if !changed {
		t.Errorf("setup.sh set no environment variables on the service %s", service)
	}
}

// serviceOf is the Cloud Run service a deploy or an update changes; "" for
// any other call.
func serviceOf(call string) string {
	f := strings.Fields(call)
	switch {
	case len(f) > 2 && f[0] == "run" && f[1] == "deploy":
		return f[2]
	case len(f) > 3 && f[0] == "run" && f[1] == "services" && f[2] == "update":
		return f[3]
	}
	return ""
}

// checkDoctorJobConfig replays the doctor job's environment through
// config.Load as the job runs it: the doctor would otherwise report a
// configuration error of setup.sh's making.
func checkDoctorJobConfig(t *testing.T, calls []string) {
	t.Helper()
	for _, c := range calls {
		if !strings.HasPrefix(c, "run jobs deploy onboard-doctor ") {
			continue
		}
		env := map[string]string{"CLOUD_RUN_JOB": "onboard-doctor"}
		envChange(t, c, env)
		if _, err := config.Load(func(k string) string { return env[k] }); err != nil {
			t.Errorf("gcloud %s: the doctor job's configuration is refused: %v", c, err)
		}
		if env["CHAT_AUDIENCE"] == "" || env["DATABASE_URL"] == "" {
			t.Errorf("gcloud %s: the doctor job lacks CHAT_AUDIENCE or DATABASE_URL: %v", c, env)
		}
		return
	}
	t.Error("setup.sh deployed no onboard-doctor job")
}

// passwordURL finds a database URL with a password in it.
var passwordURL = regexp.MustCompile(`postgres(?:ql)?://[^:/@\s]+:([^@\s]+)@`)

// databasePasswordProblems: the database URL never passes through setup.sh.
// Its output may show a URL only with a shell variable where the password
// goes (the printed recipe), and no gcloud call carries a URL at all.
func databasePasswordProblems(out string, calls []string) []string {
	var problems []string
	for _, m := range passwordURL.FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "$") {
			problems = append(problems, "output shows a database URL with a password: "+m[0])
		}
	}
	for _, c := range calls {
		if strings.Contains(c, "postgres://") || strings.Contains(c, "postgresql://") {
			problems = append(problems, "gcloud "+c+": carries a database URL; want only the secret's name")
		}
	}
	return problems
}

func checkNoDatabasePassword(t *testing.T, out string, calls []string) {
	t.Helper()
	for _, p := range databasePasswordProblems(out, calls) {
		t.Error(p)
	}
}

func TestDatabasePasswordProblems(t *testing.T) {
	tests := []struct {
		name, out string
		calls     []string
		want      int
	}{
		{"recipe with a variable", `printf %s "postgres://onboard:$DB_PASSWORD@/onboard?host=/cloudsql/p:r:i"`, nil, 0},
		{"no password", "postgres://onboard@/onboard", nil, 0},
		{"literal password", "DATABASE_URL=postgres://onboard:hunter2@/onboard", nil, 1},
		{"URL in a call", "", []string{"run deploy onboard --update-env-vars DATABASE_URL=postgres://db/onboard"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := databasePasswordProblems(tt.out, tt.calls); len(got) != tt.want {
				t.Errorf("databasePasswordProblems(%q, %q): got %q, want %d problem(s)", tt.out, tt.calls, got, tt.want)
			}
		})
	}
}
