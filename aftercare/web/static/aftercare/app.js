/* Aftercare: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // "Resend in 60 s": a button with data-countdown="N" stays disabled for N seconds, showing the time left.
  // Its label template comes from data-countdown-label, with {s} replaced by the seconds.
  function startCountdown(button) {
    var left = parseInt(button.getAttribute("data-countdown"), 10);
    var label = button.getAttribute("data-countdown-label") || "{s}";
    var ready = button.textContent;
    if (!(left > 0)) return;
    button.disabled = true;
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = ready;
        return;
      }
      button.textContent = label.replace("{s}", String(left));
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  // A form that should not be sent twice (slow mobile networks): disable its submit button once sent.
  function guardDoubleSubmit(form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      var button = form.querySelector("button[type=submit]:not([name])");
      if (button) window.setTimeout(function () { button.disabled = true; }, 0);
    });
  }

  // A form that does something hard to undo asks first: data-confirm holds the question.
  function askFirst(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  }

  // A secret shown once: a Copy button (hidden without script, or where the clipboard is unavailable) copies it.
  function copyButton(button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    var label = button.querySelector("span");
    if (!target || !label || !(navigator.clipboard && window.isSecureContext)) return;
    var ready = label.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        label.textContent = button.getAttribute("data-copied-label") || ready;
        window.setTimeout(function () { label.textContent = ready; }, 2000);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-countdown]"), startCountdown);
    // Before data-once, so a cancelled confirmation leaves the button usable.
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), askFirst);
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), copyButton);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), guardDoubleSubmit);
    var focus = document.querySelector("[data-autofocus-error] .has-error input, [data-autofocus-error] .has-error select");
    if (focus) focus.focus();
  });
})();
