package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/verify"
)

// harness is the playground over a real chatfake, talking to a stand-in
// for Onboard that checks every request's token with Onboard's own
// verifier (as the real one does) and answers what the test says.
type harness struct {
	t     *testing.T
	world *chatfake.World
	fake  *chatfake.Server
	p     *Playground
	url   string

	mu     sync.Mutex
	events []map[string]any
	answer func(ev map[string]any) any
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, world: world(t), answer: func(map[string]any) any { return map[string]any{} }}
	var pg atomic.Pointer[Playground]
	fake, err := chatfake.New(h.world, chatfake.Options{OnCall: func(c chatfake.Call) {
		if p := pg.Load(); p != nil {
			p.Watch(c)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	h.fake = fake
	v, err := verify.New(verify.Config{Audience: h.world.EndpointURL, GoogleCertsURL: fake.GoogleJWKURL()})
	if err != nil {
		t.Fatal(err)
	}
	onboard := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if _, err := v.Verify(r.Context(), token); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var ev map[string]any
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.events = append(h.events, ev)
		answer := h.answer
		h.mu.Unlock()
		writeJSON(w, http.StatusOK, answer(ev))
	}))
	t.Cleanup(onboard.Close)
	key, err := fake.ExportSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.p = New(ctx, Config{World: h.world, Fake: fake,
		Onboard: demo.Client{AppURL: onboard.URL + "/", Audience: h.world.EndpointURL, SigningKey: key}})
	pg.Store(h.p)
	srv := httptest.NewServer(h.p.Mount(http.NotFoundHandler()))
	t.Cleanup(srv.Close)
	t.Cleanup(cancel) // first: the event streams end, then the server closes
	h.url = srv.URL
	return h
}

// answers sets what Onboard answers from now on.
func (h *harness) answers(f func(ev map[string]any) any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.answer = f
}

func (h *harness) eventCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.events)
}

// last is the last event Onboard received.
func (h *harness) last() map[string]any {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.events) == 0 {
		h.t.Fatal("Onboard received no event")
	}
	return h.events[len(h.events)-1]
}

func (h *harness) post(path string, body any) (int, outcome) {
	h.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, h.url+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out outcome
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		h.t.Fatalf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

func (h *harness) send(as, space, text string) outcome {
	h.t.Helper()
	code, out := h.post("/playground/api/send", sendRequest{As: as, Space: space, Text: text, Lang: "en"})
	if code != http.StatusOK {
		h.t.Fatalf("send %q: %d %+v", text, code, out)
	}
	return out
}

func (h *harness) click(req clickRequest) outcome {
	h.t.Helper()
	if req.Lang == "" {
		req.Lang = "en"
	}
	code, out := h.post("/playground/api/click", req)
	if code != http.StatusOK {
		h.t.Fatalf("click %+v: %d %+v", req, code, out)
	}
	return out
}

func (h *harness) state(as, space string) stateView {
	h.t.Helper()
	resp, err := http.Get(h.url + "/playground/api/state?as=" + as + "&space=" + space)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var v stateView
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		h.t.Fatal(err)
	}
	return v
}

// timeline is the text of each entry sam sees in space.
func (h *harness) timeline(as, space string) []string {
	h.t.Helper()
	var out []string
	for _, e := range h.state(as, space).Entries {
		out = append(out, plainText(e.HTML))
	}
	return out
}

// get reads a path of keys from nested JSON objects.
func get(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// cardMsg is an Onboard message with one card of the given widgets.
func cardMsg(title string, widgets ...any) map[string]any {
	return map[string]any{"cardsV2": []any{map[string]any{"cardId": "c", "card": map[string]any{
		"header": map[string]any{"title": title}, "sections": []any{map[string]any{"widgets": widgets}}}}}}
}

func buttonWidget(text, function string, extra map[string]any) map[string]any {
	a := map[string]any{"function": function}
	for k, v := range extra {
		a[k] = v
	}
	return map[string]any{"buttonList": map[string]any{"buttons": []any{map[string]any{"text": text,
		"onClick": map[string]any{"action": a}}}}}
}
