package config

import (
	"strings"
	"testing"
)

// TestAddonServiceAccountIsOneExactAddress: Onboard trusts the add-on
// service agent named in CHAT_ADDON_SERVICE_ACCOUNT, so the value must be
// one exact address of that form — never a pattern or a list that could
// let in another project's agent (internal/verify compares the token's
// email with it byte for byte).
func TestAddonServiceAccountIsOneExactAddress(t *testing.T) {
	const agent = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
	for _, tt := range []struct {
		value string
		ok    bool
	}{
		{agent, true},
		{"service-*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{"service-.*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{"*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{"service-[0-9]+@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{agent + ",service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{agent + " service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{" " + agent, false},
		{agent + "\n", false},
		{"SERVICE-123456789012@GCP-SA-GSUITEADDONS.IAM.GSERVICEACCOUNT.COM", false},
		{agent + ".evil.example", false},
		{"evil-" + agent, false},
		{"service-@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{"service-12a@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", false},
		{"service-1@gcp-sa-gsuiteaddonsxiam.gserviceaccount.com", false},
	} {
		_, err := Load(env(map[string]string{"CHAT_AUDIENCE": "https://onboard.example.com", "CHAT_ADDON_SERVICE_ACCOUNT": tt.value}))
		switch {
		case tt.ok && err != nil:
			t.Errorf("CHAT_ADDON_SERVICE_ACCOUNT=%q: got %v, want it accepted", tt.value, err)
		case !tt.ok && (err == nil || !strings.Contains(err.Error(), "CHAT_ADDON_SERVICE_ACCOUNT")):
			t.Errorf("CHAT_ADDON_SERVICE_ACCOUNT=%q: got %v, want it refused", tt.value, err)
		}
	}
}
