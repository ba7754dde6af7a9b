/* B&W-scan: autosave answers as they change. The page works without this file: every submit
   button saves the whole theme. Loaded with defer; no inline script (CSP). */
(function () {
  "use strict";
  var form = document.querySelector("form.scan-form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timers = {};

  function setStatus(section, text) {
    var status = section.querySelector("[data-autosave-status]");
    if (status) {
      status.textContent = text;
    }
  }

  function updateProgress(data) {
    var overall = document.querySelector("[data-scan-progress=all]");
    if (overall) {
      overall.max = data.total;
      overall.value = data.answered;
      var label = document.querySelector("label[for=" + overall.id + "]");
      if (label) {
        label.textContent = data.answered + " van " + data.total + " vragen beantwoord";
      }
    }
    var theme = document.querySelector("[data-scan-theme-progress]");
    if (theme) {
      theme.textContent = "In dit thema: " + data.theme_answered + " van " + data.theme_total + " beantwoord";
    }
    // The saved question's theme in the theme menu: "(answered/total)" or "(…, klaar)".
    var entry = document.querySelector("[data-scan-theme-count='" + data.theme + "']");
    if (entry) {
      var menu = entry.closest("[data-done-label]");
      var count = data.theme_answered + "/" + data.theme_total;
      if (data.theme_done && menu) {
        count += ", " + menu.getAttribute("data-done-label");
      }
      entry.textContent = "(" + count + ")";
    }
  }

  function updateBadge(section, answered) {
    var badge = section.querySelector("[data-answer-status]");
    if (!badge) {
      return;
    }
    var label = form.getAttribute(answered ? "data-answered-label" : "data-unanswered-label");
    if (label) {
      badge.textContent = label;
    }
    badge.className = "badge-status " + (answered ? "badge-ok" : "badge-neutral");
  }

  // One save per question at a time: the next one goes once the last one has answered, with the
  // "shown" field it returned (what the page shows is then what the server has), so a change
  // made and taken back while a save was on its way is saved too.
  var busy = {};
  var again = {};

  function save(section) {
    var questionId = section.getAttribute("data-question-id");
    if (busy[questionId]) {
      again[questionId] = true;
      return;
    }
    busy[questionId] = true;
    var prefix = "q" + questionId + "-";
    var body = new FormData();
    body.append("question", questionId);
    section.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (!field.name || field.name.indexOf(prefix) !== 0) {
        return;
      }
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) {
        return;
      }
      body.append(field.name, field.value);
    });
    setStatus(section, "Bezig met opslaan…");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": tokenInput ? tokenInput.value : "" }
    })
      .then(function (response) {
        // Logged out (the idle timeout): the request was sent on to the login page. "Geen
        // verbinding, gebruik de knop Opslaan" would lead to that page too, and lose the text.
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected || type.indexOf("application/json") === -1) {
          return { loggedOut: response.redirected, ok: false, data: {} };
        }
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        if (result.loggedOut) {
          setStatus(section, "Niet opgeslagen: u bent uitgelogd. Kopieer wat u hier typte, log opnieuw in en vul het dan weer in.");
        } else if (result.ok && result.data.ok) {
          var shown = section.querySelector("input[name='" + prefix + "shown']");
          if (shown && result.data.shown) {
            shown.value = result.data.shown;
          }
          setStatus(section, "Automatisch opgeslagen.");
          updateBadge(section, result.data.question_answered === true);
          updateProgress(result.data);
        } else {
          setStatus(section, "Niet opgeslagen: controleer uw invoer en gebruik de knop Opslaan.");
        }
      })
      .catch(function () {
        setStatus(section, "Niet automatisch opgeslagen (geen verbinding). Gebruik de knop Opslaan.");
      })
      .then(function () {
        busy[questionId] = false;
        if (again[questionId]) {
          again[questionId] = false;
          save(section);
        }
      });
  }

  function schedule(section, delay) {
    var key = section.getAttribute("data-question-id");
    window.clearTimeout(timers[key]);
    timers[key] = window.setTimeout(function () {
      save(section);
    }, delay);
  }

  form.addEventListener("change", function (event) {
    var section = event.target.closest("[data-question-id]");
    if (section) {
      schedule(section, 150);
    }
  });
  form.addEventListener("input", function (event) {
    var section = event.target.closest("[data-question-id]");
    if (section && (event.target.tagName === "TEXTAREA" || event.target.type === "text")) {
      schedule(section, 1200);
    }
  });
})();
