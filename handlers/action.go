package handlers

import (
	"bytes"
	"encoding/json"

	"github.com/onboard-chat/onboard/bot"
)

// A card click's parameters and form values come back through the client:
// untrusted, and as large as the body allows. Beyond these bounds the rest
// is dropped and the event is still handled — a 4xx would make Chat stop
// delivering, and the domain re-checks everything it reads anyway.
const (
	maxActionParams = 50      // parameters kept, after merging both sources
	maxFormFields   = 50      // form fields kept
	maxFieldValues  = 100     // values of one form field
	maxActionBytes  = 4 << 10 // of the function name, and of each key and value
	// maxFormValueBytes bounds one form value: the invite dialog's text
	// area holds up to 500 pasted addresses.
	maxFormValueBytes = 32 << 10
)

// The add-on envelope has no actionMethodName: a card's action.function is
// a URL there, so the method travels as a parameter (docs/chat-platform.md §2).
// "action" is what Onboard's own cards send; Chat itself names the method
// of a card posted before the app became an add-on with the other.
const (
	addonActionParam       = "action"
	addonLegacyActionParam = "__action_method_name__"
)

// param is one parameter of a card action, in the order Chat sent it.
type param struct{ key, value string }

// wireParamMap is common.parameters (an object of strings). It reads, in
// order, the first maxActionParams members and keeps those whose value is
// a string and whose key and value fit maxActionBytes; a repeated key keeps
// its first value. Anything that is not an object reads as none.
type wireParamMap []param

func (p *wireParamMap) UnmarshalJSON(b []byte) error {
	*p = nil
	eachMember(b, maxActionParams, func(key string, raw json.RawMessage) bool {
		if v, ok := boundedString(raw); ok {
			*p = addParam(*p, key, v)
		}
		return true
	})
	return nil
}

// wireParamList is the classic action.parameters: [{"key":…,"value":…}],
// bounded as wireParamMap is.
type wireParamList []param

func (p *wireParamList) UnmarshalJSON(b []byte) error {
	*p = nil
	eachElement(b, maxActionParams, func(raw json.RawMessage) bool {
		var kv struct {
			Key   json.RawMessage `json:"key"`
			Value json.RawMessage `json:"value"`
		}
		if json.Unmarshal(raw, &kv) != nil {
			return true
		}
		k, kok := boundedString(kv.Key)
		v, vok := boundedString(kv.Value)
		if kok && vok {
			*p = addParam(*p, k, v)
		}
		return true
	})
	return nil
}

func addParam(ps []param, key, value string) []param {
	if key == "" || len(key) > maxActionBytes {
		return ps
	}
	for _, q := range ps {
		if q.key == key {
			return ps
		}
	}
	return append(ps, param{key, value})
}

// formField is one widget's string values.
type formField struct {
	name   string
	values []string
}

// wireFormInputs is common.formInputs: widget name → {"stringInputs":
// {"value":[…]}}. Date and time inputs are ignored. It reads the first
// maxFormFields fields, in order, and keeps those that fit the bounds; a
// field with more than maxFieldValues values, or any value that is not a
// string of at most maxFormValueBytes, is dropped whole — a truncated or
// emptied selection would read as a different choice (an empty field means
// "default").
type wireFormInputs []formField

func (f *wireFormInputs) UnmarshalJSON(b []byte) error {
	*f = nil
	eachMember(b, maxFormFields, func(name string, raw json.RawMessage) bool {
		if name == "" || len(name) > maxActionBytes || hasField(*f, name) {
			return true
		}
		var in struct {
			StringInputs *struct {
				Value json.RawMessage `json:"value"`
			} `json:"stringInputs"`
		}
		if json.Unmarshal(raw, &in) != nil || in.StringInputs == nil {
			return true
		}
		if values, ok := stringValues(in.StringInputs.Value); ok {
			*f = append(*f, formField{name, values})
		}
		return true
	})
	return nil
}

func hasField(fs []formField, name string) bool {
	for _, f := range fs {
		if f.name == name {
			return true
		}
	}
	return false
}

// stringValues reads a stringInputs.value list; ok is false when it breaks
// a bound or holds anything but strings. null or absent is an empty list.
func stringValues(b json.RawMessage) (values []string, ok bool) {
	values = []string{}
	if len(b) == 0 || string(b) == "null" {
		return values, true
	}
	ok = eachElement(b, maxFieldValues, func(raw json.RawMessage) bool {
		v, vok := stringUpTo(raw, maxFormValueBytes)
		values = append(values, v)
		return vok
	})
	return values, ok
}

// boundedString is raw as a string if it is a JSON string of at most
// maxActionBytes once decoded.
func boundedString(raw json.RawMessage) (string, bool) { return stringUpTo(raw, maxActionBytes) }

// stringUpTo is raw as a string if it is a JSON string of at most limit
// bytes once decoded.
func stringUpTo(raw json.RawMessage, limit int) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil || len(s) > limit {
		return "", false
	}
	return s, true
}

// eachMember calls f with each of the first limit members of the JSON
// object b, in order, while f returns true; the rest are not even read, so
// a body full of junk members costs no more than a short one. It reports
// whether it saw every member. Anything but an object calls f never.
// (encoding/json's maps lose the order, and with it which members a bound
// keeps.)
func eachMember(b []byte, limit int, f func(key string, raw json.RawMessage) bool) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for n := 0; dec.More(); n++ {
		t, err := dec.Token()
		key, isKey := t.(string)
		var raw json.RawMessage
		if n == limit || err != nil || !isKey || dec.Decode(&raw) != nil || !f(key, raw) {
			return false
		}
	}
	return true
}

// eachElement is eachMember for the elements of a JSON array.
func eachElement(b []byte, limit int, f func(raw json.RawMessage) bool) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return false
	}
	for n := 0; dec.More(); n++ {
		var raw json.RawMessage
		if n == limit || dec.Decode(&raw) != nil || !f(raw) {
			return false
		}
	}
	return true
}

// classicAction is a classic CARD_CLICKED's action: the function from
// action.actionMethodName, else common.invokedFunction (Chat sends both,
// equal); the parameters of common.parameters, then those of
// action.parameters not named there — on a conflict common wins, as it is
// the object the add-on envelope has too, so one click reads the same in
// both; the form from common.formInputs.
func classicAction(a *wireFormAction, c *wireCommon) *bot.Action {
	var fn string
	var form wireFormInputs
	var sources [][]param
	if c != nil {
		fn, form = c.InvokedFunction, c.FormInputs
		sources = append(sources, c.Parameters)
	}
	if a != nil {
		if a.ActionMethodName != "" {
			fn = a.ActionMethodName
		}
		sources = append(sources, a.Parameters)
	}
	return newAction(fn, form, sources...)
}

// addonAction is an add-on button click's action: the function from the
// "action" parameter, else "__action_method_name__"; the other parameters
// (neither of those two); the form from commonEventObject.formInputs.
func addonAction(c *wireCommon) *bot.Action {
	if c == nil {
		return nil
	}
	var fn, legacy string
	rest := make([]param, 0, len(c.Parameters))
	for _, p := range c.Parameters {
		switch p.key {
		case addonActionParam:
			fn = p.value
		case addonLegacyActionParam:
			legacy = p.value
		default:
			rest = append(rest, p)
		}
	}
	if fn == "" {
		fn = legacy
	}
	return newAction(fn, c.FormInputs, rest)
}

// newAction builds the domain's Action; nil when no function is named, as
// a click that names none invokes nothing.
func newAction(fn string, form wireFormInputs, sources ...[]param) *bot.Action {
	if fn == "" || len(fn) > maxActionBytes {
		return nil
	}
	a := &bot.Action{Function: fn, Parameters: map[string]string{}, Form: map[string][]string{}}
	for _, ps := range sources {
		for _, p := range ps {
			if _, dup := a.Parameters[p.key]; !dup && len(a.Parameters) < maxActionParams {
				a.Parameters[p.key] = p.value
			}
		}
	}
	for _, f := range form {
		a.Form[f.name] = f.values
	}
	return a
}
