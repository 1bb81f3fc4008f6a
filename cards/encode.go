package cards

import (
	"sync"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Marshal encodes a Message, or an add-on action, for the wire. It writes
// what encoding/json writes for these structs — omitempty leaves out
// false, 0, "" and nil as their field tags mean, and a nil slice or map
// without omitempty is null (TestMarshalWritesWhatEncodingJSONWrites, over
// every golden message) — with encoding/json/v2's prototype, which does it
// in about half the time: the reply is a tenth of a /help's CPU.
func Marshal(v any) ([]byte, error) {
	return json.Marshal(v, marshalOptions)
}

var marshalOptions = json.JoinOptions(jsonv1.OmitEmptyWithLegacySemantics(true),
	json.FormatNilSliceAsNull(true), json.FormatNilMapAsNull(true), jsontext.AllowDuplicateNames(true))

// keptJSON is the JSON of cards built once and then shared by many replies
// (the help cards, helpCard): copying bytes kept is cheaper than encoding
// the same card again for every /help. A card is found by its address, so
// a copy that changes it (ForAddon copies what it rewrites) is encoded
// afresh; a shared card is never changed.
var keptJSON sync.Map // *Card → jsontext.Value

// keepJSON encodes c now, for every later Marshal of c to reuse.
func keepJSON(c *Card) {
	if b, err := Marshal(c); err == nil {
		keptJSON.Store(c, jsontext.Value(b))
	}
}

// MarshalJSONTo writes c's kept JSON when it has some, and encodes its
// fields otherwise. Only Marshal calls it: encoding/json ignores it and
// encodes the fields, which is how the tests compare the two.
func (c *Card) MarshalJSONTo(enc *jsontext.Encoder) error {
	if v, ok := keptJSON.Load(c); ok {
		return enc.WriteValue(v.(jsontext.Value))
	}
	return json.MarshalEncode(enc, (*cardFields)(c))
}

// cardFields is Card without its MarshalJSONTo.
type cardFields Card
