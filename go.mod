module github.com/onboard-chat/onboard

go 1.26.8
