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
