// Once django-otp-webauthn's script has registered a passkey, go on to the recovery codes
// (the page names where, in data-done-url): the same next step as after an authenticator app.
document.addEventListener("otp_webauthn.register_complete", () => {
  const section = document.querySelector("[data-done-url]");
  if (section) {
    window.location.assign(section.dataset.doneUrl);
  }
});
