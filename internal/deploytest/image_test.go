package deploytest

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The Dockerfile's build line must keep these: a static (CGO_ENABLED=0),
// reproducible (-trimpath) and stripped (-s -w) binary.
var wantBuildFlags = []string{"CGO_ENABLED=0", "-trimpath", "-ldflags=-s -w", "-o"}

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	op, args string
}

func parseDockerfile(s string) []instruction {
	var out []instruction
	var cur string
	for _, line := range lines(s) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		cur += strings.TrimSpace(line)
		if strings.HasSuffix(cur, `\`) {
			cur = strings.TrimSuffix(cur, `\`) + " "
			continue
		}
		op, args, _ := strings.Cut(cur, " ")
		out = append(out, instruction{strings.ToUpper(op), strings.TrimSpace(args)})
		cur = ""
	}
	return out
}

// finalStage is the instructions from the last FROM on.
func finalStage(ins []instruction) []instruction {
	last := -1
	for i, in := range ins {
		if in.op == "FROM" {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	return ins[last:]
}

// shellWords splits a RUN line as sh would for the simple quoting used there.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// buildCommand finds the RUN … go build line: its leading VAR=value words and
// the go build arguments.
func buildCommand(ins []instruction) (env, args []string, ok bool) {
	for _, in := range ins {
		if in.op != "RUN" || !strings.Contains(in.args, "go build") {
			continue
		}
		words := shellWords(in.args)
		for len(words) > 0 && regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=`).MatchString(words[0]) {
			env, words = append(env, words[0]), words[1:]
		}
		if len(words) < 2 || words[0] != "go" || words[1] != "build" {
			return nil, nil, false
		}
		return env, words[2:], true
	}
	return nil, nil, false
}

var secretFile = regexp.MustCompile(`(?i)(\.json|\.pem|\.key|\.p12|\.env)\b`)

// imageProblems lists what is wrong with a Dockerfile's final stage: the
// image that ships.
func imageProblems(dockerfile string) []string {
	var problems []string
	ins := parseDockerfile(dockerfile)
	if _, _, ok := buildCommand(ins); !ok {
		problems = append(problems, "no RUN … go build line")
	}
	final := finalStage(ins)
	if len(final) == 0 {
		return append(problems, "no FROM")
	}
	if strings.Contains(final[0].args, "golang") {
		problems = append(problems, "final stage is the Go toolchain image: "+final[0].args)
	}
	user, entrypoint := "", ""
	for _, in := range final[1:] {
		switch in.op {
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entrypoint = in.args
		case "ADD":
			problems = append(problems, "ADD in the final stage: "+in.args)
		case "COPY":
			words := strings.Fields(in.args)
			if !strings.HasPrefix(in.args, "--from=") || len(words) != 3 || words[1] != "/onboard" {
				problems = append(problems, "COPY other than the binary: "+in.args)
			}
			if secretFile.MatchString(in.args) {
				problems = append(problems, "COPY of a secret-looking file: "+in.args)
			}
		case "ENV", "ARG":
			if secretLike(in.args) || strings.Contains(in.args, "GOOGLE_APPLICATION_CREDENTIALS") {
				problems = append(problems, in.op+" with a credential: "+in.args)
			}
		}
	}
	switch name, _, _ := strings.Cut(user, ":"); name {
	case "":
		problems = append(problems, "no USER: the container would run as root")
	case "root", "0":
		problems = append(problems, "USER "+user+" is root")
	}
	if !strings.HasPrefix(entrypoint, "[") {
		problems = append(problems, "no exec-form ENTRYPOINT")
	}
	return problems
}

func TestDockerfileFinalStage(t *testing.T) {
	const build = "FROM golang:1.26 AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /onboard .\n"
	const good = build + "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /onboard /onboard\nUSER nonroot:nonroot\nENTRYPOINT [\"/onboard\"]\n"
	tests := []struct {
		name, dockerfile string
		want             string // a problem that must be reported; "" for none
	}{
		{"deploy/Dockerfile", readRepoFile(t, "deploy/Dockerfile"), ""},
		{"minimal good", good, ""},
		{"numeric non-root user on scratch", build + "FROM scratch\nCOPY --from=build /onboard /onboard\nUSER 65532:65532\nENTRYPOINT [\"/onboard\"]\n", ""},
		{"no user", strings.Replace(good, "USER nonroot:nonroot\n", "", 1), "no USER"},
		{"root", strings.Replace(good, "USER nonroot:nonroot", "USER root", 1), "is root"},
		{"uid 0", strings.Replace(good, "USER nonroot:nonroot", "USER 0:0", 1), "is root"},
		{"key copied", strings.Replace(good, "ENTRYPOINT", "COPY sa.json /sa.json\nENTRYPOINT", 1), "secret-looking"},
		{"env file copied", strings.Replace(good, "ENTRYPOINT", "COPY --from=build /src/.env /.env\nENTRYPOINT", 1), "secret-looking"},
		{"whole context copied", strings.Replace(good, "ENTRYPOINT", "COPY . /app\nENTRYPOINT", 1), "COPY other than the binary"},
		{"ADD", strings.Replace(good, "ENTRYPOINT", "ADD key.pem /key.pem\nENTRYPOINT", 1), "ADD in the final stage"},
		{"credentials in ENV", strings.Replace(good, "ENTRYPOINT", "ENV GOOGLE_APPLICATION_CREDENTIALS=/sa.json\nENTRYPOINT", 1), "with a credential"},
		{"shell-form entrypoint", strings.Replace(good, `ENTRYPOINT ["/onboard"]`, "ENTRYPOINT /onboard", 1), "no exec-form ENTRYPOINT"},
		{"single stage", "FROM golang:1.26\nRUN CGO_ENABLED=0 go build -o /onboard .\nUSER 1000\nENTRYPOINT [\"/onboard\"]\n", "Go toolchain image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := imageProblems(tt.dockerfile)
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("problems: got %q, want none", got)
			case tt.want != "" && !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, tt.want) }):
				t.Errorf("problems: got %q, want one containing %q", got, tt.want)
			}
		})
	}
}

func TestDockerfileBuildLineAndToolchain(t *testing.T) {
	ins := parseDockerfile(readRepoFile(t, "deploy/Dockerfile"))
	env, args, ok := buildCommand(ins)
	if !ok {
		t.Fatal("deploy/Dockerfile has no RUN … go build line")
	}
	for _, want := range wantBuildFlags {
		if !slices.Contains(append(env, args...), want) {
			t.Errorf("go build line %q %q lacks %q", env, args, want)
		}
	}
	// The build image must be go.mod's Go, or the build fetches another toolchain.
	if want := "golang:" + goMinor(t); !strings.HasPrefix(ins[0].args, want+" ") && ins[0].args != want {
		t.Errorf("build stage FROM %s, want %s (go.mod's go version)", ins[0].args, want)
	}
}

func TestDockerignoreKeepsSecretsOut(t *testing.T) {
	patterns := lines(readRepoFile(t, ".dockerignore"))
	for _, want := range []string{".git", "**/*.pem", "**/*.key", "**/sa.json", "**/.env"} {
		if !slices.Contains(patterns, want) {
			t.Errorf(".dockerignore lacks %q; got %q", want, patterns)
		}
	}
}
