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

// Selecting words to add a missed quote or number, or to set an item's span or its speaker's
// mention. The browser counts UTF-16 code units, Python and the database count code points
// (an emoji outside the Basic Multilingual Plane is two of the first, one of the second):
// `selectedSpan` is the one place that converts, and the server checks that the words it
// receives are the text's at the offsets it receives.
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length; // iterates by code point, as Python's len() counts
  }

  // The element whose text is the article's from offset data-text-offset on: the article
  // body, or the paragraph a card shows.
  function sourceOf(node) {
    var element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return element ? element.closest("[data-text-offset]") : null;
  }

  // The selection as {start, end, words, range} in code points of the article text, spaces at
  // either end left out (a double click takes the space after a word); null if none.
  function selectedSpan() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0).cloneRange();
    var first = sourceOf(range.startContainer);
    var last = sourceOf(range.endContainer);
    var source = first || last;
    if (!source) return null;
    if (first !== source) range.setStart(source, 0);
    if (last !== source) range.setEnd(source, source.childNodes.length);
    var before = document.createRange();
    before.setStart(source, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var prefix = before.toString();
    var words = range.toString();
    var lead = words.length - words.replace(/^\s+/, "").length;
    prefix += words.slice(0, lead);
    words = words.slice(lead).replace(/\s+$/, "");
    if (!words) return null;
    var start = Number(source.dataset.textOffset) + codePoints(prefix);
    return { start: start, end: start + codePoints(words), words: words, range: range };
  }

  function field(form, name) {
    return form.elements[(form.dataset.prefix || "") + name];
  }

  function markPicked(range) {
    if (!window.Highlight || !CSS.highlights) return;
    if (range) CSS.highlights.set("picked", new Highlight(range));
    else CSS.highlights.delete("picked");
  }

  function quoted(words) {
    return "“" + (words.length > 80 ? words.slice(0, 79) + "…" : words) + "”";
  }

  // Fill the offsets `names` (start and end fields) of `form` from `span`.
  function setSpan(form, names, span) {
    field(form, names[0]).value = span.start;
    field(form, names[1]).value = span.end;
    if (names[0] !== "start") return;
    var words = field(form, "words");
    if (words) words.value = span.words;
    var picked = form.querySelector("[data-picked]");
    if (picked) picked.textContent = span.words;
    markPicked(span.range);
  }

  // Open the add form of `kind` (fetched once, on first use) with the selected words.
  function openAdd(button) {
    var kind = button.dataset.add;
    var span = selectedSpan();
    var preview = document.querySelector("[data-selection-preview]");
    if (!span) {
      asked = true;
      if (preview) preview.textContent = FIRST_SELECT;
      return;
    }
    markPicked(span.range);
    var selector = '#add-item form[data-add-kind="' + kind + '"]';
    if (document.querySelector(selector)) {
      fillAdd(kind, span);
      return;
    }
    // Filled once htmx has wired the form up (at settle): an Enter before that would post
    // the plain form and leave the page.
    awaiting = { kind: kind, span: span };
    htmx.ajax("GET", button.getAttribute("href"), { target: "#add-item", swap: "outerHTML" });
  }

  var awaiting = null;
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!awaiting || !target || target.id !== "add-item") return;
    var wanted = awaiting;
    awaiting = null;
    fillAdd(wanted.kind, wanted.span);
  });

  function fillAdd(kind, span) {
    var panel = document.getElementById("add-item");
    if (!panel) return;
    panel.hidden = false;
    var form = null;
    panel.querySelectorAll("form[data-add-kind]").forEach(function (each) {
      each.hidden = each.dataset.addKind !== kind;
      if (!each.hidden) form = each;
    });
    if (!form) return;
    form.querySelectorAll(".errorlist").forEach(function (list) { list.remove(); });
    setSpan(form, ["start", "end"], span);
    // the text the words were selected in, which the form fetched later may not show
    var text = document.getElementById("article-text");
    if (text) field(form, "content_hash").value = text.dataset.contentHash;
    var offsets = form.querySelector("details.offsets");
    if (offsets) offsets.open = false;
    var first = form.querySelector(".grid input:not([type=hidden]), .grid select");
    if (first) first.focus();
  }

  function closeAdd() {
    var panel = document.getElementById("add-item");
    if (panel) panel.hidden = true;
    markPicked(null);
    awaiting = null; // a form still on its way must not open the panel again when it settles
  }

  var FIRST_SELECT = "First select the words in the text.";
  var asked = false; // a key or button was pressed with nothing selected: keep saying so
  var pending = false;
  document.addEventListener("selectionchange", function () {
    var preview = document.querySelector("[data-selection-preview]");
    if (!preview || pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      var span = selectedSpan();
      if (span) asked = false;
      preview.textContent = span
        ? "Selected: " + quoted(span.words)
        : asked ? FIRST_SELECT : "Select words in the text, then:";
    });
  });

  // A press on these must not take the selection away before the click reads it.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("[data-add], [data-pick]")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick]");
    if (pick) {
      event.preventDefault();
      var form = pick.closest("form");
      var status = form.querySelector("[data-pick-status]");
      var span = selectedSpan();
      if (!span) {
        status.textContent = FIRST_SELECT;
        return;
      }
      setSpan(form, pick.dataset.pick.split(","), span);
      var person = pick.dataset.personName && field(form, pick.dataset.personName);
      if (person && !person.value.trim()) person.value = span.words;
      status.textContent = "Set to " + quoted(span.words) + " (characters " + span.start + "–" + span.end + ").";
      return;
    }
    var add = event.target.closest("[data-add]");
    if (add) {
      event.preventDefault();
      openAdd(add);
      return;
    }
    if (event.target.closest("[data-cancel-add]")) {
      event.preventDefault();
      closeAdd();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var toolbar = document.getElementById("add-toolbar");
    if (!toolbar) return;
    var panel = document.getElementById("add-item");
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Escape" && panel && !panel.hidden && (!typing || panel.contains(event.target))) {
      event.preventDefault();
      closeAdd();
      return;
    }
    if (typing || document.querySelector("dialog[open]")) return;
    var button = toolbar.querySelector('[data-add][data-key="' + CSS.escape(event.key) + '"]');
    if (button) {
      event.preventDefault();
      openAdd(button);
    }
  });

  // After an item was added the article and its cards are swapped in whole: show the new card.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "article-layout") return;
    markPicked(null);
    var selection = window.getSelection();
    if (selection) selection.removeAllRanges();
    var notice = target.querySelector(".item-card .notice");
    var card = notice && notice.closest(".item-card");
    if (card) {
      card.scrollIntoView({ block: "nearest" });
      card.focus();
    }
  });
})();
