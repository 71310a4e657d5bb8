// Warden's own script: progressive enhancement only. Every page works without JavaScript.
// Loaded as a module (<script type="module">), so it runs only in browsers that GOV.UK Frontend
// supports; no inline script is needed (the Content-Security-Policy allows none).

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

// The fingerprinted URL of govuk-frontend.min.js (an ES module) is on <body data-govuk-frontend>.
const govukFrontend = document.body.dataset.govukFrontend
if (govukFrontend) {
  import(govukFrontend)
    .then((govuk) => govuk.initAll())
    .catch((error) => console.error('Warden: GOV.UK Frontend did not start', error))
}

// Conditionally revealed questions (an OTHER need's reason). GOV.UK Frontend's own reveal puts
// aria-expanded on the radio, which ARIA does not allow there (govuk-frontend issue #979) and
// axe-core reports (it acts on any radio with aria-controls, so these have none); this one only
// shows and hides the panel. Without JavaScript it stays shown.
for (const input of document.querySelectorAll('input[data-app-reveal]')) {
  const panel = document.getElementById(input.dataset.appReveal)
  if (!panel || !input.form) continue
  const sync = () => panel.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
  for (const other of input.form.querySelectorAll('input[type="radio"]')) {
    if (other.name === input.name) other.addEventListener('change', sync)
  }
  sync()
}
