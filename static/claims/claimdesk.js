// Claim Desk: keyboard shortcuts, and how htmx treats error responses.
// A key press clicks the element of the review card that carries data-key="<key>", so every
// shortcut is also a visible, clickable control that works without JavaScript.
(function () {
  "use strict";

  // Swap 400 (form errors), 409 (conflict), 413 and 429 like successes: their bodies explain.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "40[09]|413|429", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
  ];

  function announce(text) {
    var live = document.getElementById("live-status");
    if (live) live.textContent = text;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    announce(status === 403 ? "You may not do this." : "Something went wrong (" + status + "). Nothing was saved.");
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    // Focus follows the swapped card so the next key press acts on it.
    var target = event.detail.target;
    var card = target && target.id ? document.getElementById(target.id) : null;
    if (card && card.matches("[tabindex='-1']")) card.focus();
    var first = card && card.querySelector("form.edit-form input:not([type=hidden]), [aria-invalid='true']");
    if (first) first.focus();
  });

  function toggleHelp() {
    var dialog = document.getElementById("keys-help");
    if (!dialog) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-show-keys]")) toggleHelp();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var scope = document.getElementById("review-card") || document.getElementById("verify-card");
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (typing) {
      if (event.key === "Escape" && scope) {
        var cancel = scope.querySelector('[data-key="Escape"]');
        if (cancel) { event.preventDefault(); cancel.click(); }
        else if (scope.contains(event.target)) { event.preventDefault(); scope.focus(); }
      }
      return;
    }
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    if (!scope || document.querySelector("dialog[open]")) return;
    // Until htmx has wired up a freshly swapped card (or while a request is on its way), its
    // buttons would submit the whole page: drop the key rather than act twice or reload.
    if (document.querySelector(".htmx-request, .htmx-added, .htmx-settling")) {
      event.preventDefault();
      return;
    }
    // data-key lists the keys of a control, space-separated ("n j").
    var control = scope.querySelector('[data-key~="' + CSS.escape(event.key) + '"]');
    if (!control) return;
    event.preventDefault();
    // A control that needs a field filled first (a verdict's evidence URL) puts you in it.
    var needed = control.dataset.needs && document.getElementById(control.dataset.needs);
    if (needed && !needed.value.trim()) {
      needed.focus();
      announce("Fill in " + (needed.labels[0] ? needed.labels[0].textContent.trim() : "this field") + ", then press Enter.");
      return;
    }
    control.click();
  });
})();
