package cards

import "github.com/onboard-chat/onboard/bot"

// Words for a space's language setting (bot.SpaceSettings.Locale).
const (
	idSettingsLabelLocale  msgID = "settings.label.locale"
	idLocaleAsker          msgID = "settings.locale.asker"
	idLocaleDefault        msgID = "settings.locale.default"
	idExampleSettingsLang  msgID = "example.settingsLocale"
	idSettingsSyntaxLocale msgID = "settings.syntax.locale"
	idMistakeBadLocale     msgID = "settings.mistake.badLocale"
	idLocaleNameEn         msgID = "locale.name.en"
	idLocaleNameZhTW       msgID = "locale.name.zh-TW"
)

// localeNames name each language in itself: whoever reads a card looks
// for their own language's name, whatever the card's language is.
var localeNames = map[string]msgID{"en": idLocaleNameEn, "zh-TW": idLocaleNameZhTW}

// localeName names locale, or says that whoever asks decides ("").
func (wd *words) localeName(locale string) string {
	if id, ok := localeNames[locale]; ok {
		return wd.text(id)
	}
	if locale == "" {
		return wd.text(idLocaleAsker)
	}
	return locale // a tag the catalog has no name for: the tag itself
}

// localeChoices are the form's choices for the language (value, text);
// the first keeps Onboard's default, def.
func (wd *words) localeChoices(def string) [][2]string {
	choices := [][2]string{{"default", wd.with(idLocaleDefault, vars{"Locale": wd.localeName(def)})}}
	for _, l := range Locales() {
		choices = append(choices, [2]string{l, wd.localeName(l)})
	}
	return choices
}

// localeValue is a space's language as the form's value.
func localeValue(set *bot.SpaceSettings) string {
	if set.Locale == "" {
		return "default"
	}
	return set.Locale
}
