// The live console: reads /console/events (server-sent events) and posts its forms to the API's own routes.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var token = null;
  var lastStatus = 0;
  var connected = false;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function banner(text) {
    var b = $("banner");
    if (text) { b.textContent = text; b.hidden = false; } else { b.hidden = true; b.textContent = ""; }
  }

  function time(iso) {
    try { return new Date(iso).toLocaleTimeString(); } catch (e) { return iso; }
  }

  // --- pings
  function addPing(p, atTop) {
    var list = $("pings");
    var li = el("li");
    li.appendChild(el("span", time(p.at) + " ", "muted"));
    li.appendChild(el("span", p.msg, "ping-msg"));
    li.dataset.pingId = p.ping_id;
    if (atTop) list.insertBefore(li, list.firstChild); else list.appendChild(li);
    while (list.children.length > 25) list.removeChild(list.lastChild);
  }

  // --- intake requests
  function showIntake(r) {
    var body = $("intake");
    var row = body.querySelector('tr[data-request="' + CSS.escape(String(r.request_id)) + '"]');
    if (!row) {
      row = el("tr");
      row.dataset.request = r.request_id;
      row.appendChild(el("td", r.request_id.slice(0, 8) + "…", "mono"));
      row.cells[0].title = r.request_id;
      row.appendChild(el("td"));
      row.appendChild(el("td"));
      row.appendChild(el("td"));
      body.insertBefore(row, body.firstChild);
      while (body.children.length > 25) body.removeChild(body.lastChild);
    }
    var status = row.cells[1];
    status.textContent = r.status;
    status.className = "status status-" + r.status;
    if (r.reason) status.title = r.reason;
    row.cells[2].textContent = r.order_id ? "#" + r.order_id : "";
    row.cells[3].textContent = r.item_quantity || "";
  }

  // --- services and traffic
  function showStatus(s) {
    lastStatus = Date.now();
    $("updated").textContent = time(s.at);
    $("processes").textContent = "(" + s.processes + " process" + (s.processes === 1 ? "" : "es") + " reporting)";
    var list = $("services");
    list.textContent = "";
    var down = [];
    (s.services || []).forEach(function (svc) {
      var li = el("li", null, "badge " + (svc.up ? "up" : "down"));
      li.dataset.service = svc.name;
      li.dataset.state = svc.up ? "UP" : "DOWN";
      var detail = svc.up ? (svc.processes > 1 ? " " + svc.upIn + "/" + svc.processes : "")
        : (svc.reason ? " — " + svc.reason : " — down in " + (svc.processes - svc.upIn) + " of " + svc.processes);
      li.textContent = svc.name + (svc.up ? " ✓" : " ✗") + detail;
      list.appendChild(li);
      if (!svc.up) down.push(svc.name);
    });
    if (connected) banner(down.length ? "Not working now: " + down.join(", ") : null);
    var rows = $("routes");
    rows.textContent = "";
    if (!s.routes || !s.routes.length) {
      var empty = el("tr"); var td = el("td", "No requests in the last minute.", "muted"); td.colSpan = 4;
      empty.appendChild(td); rows.appendChild(empty);
    }
    (s.routes || []).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", r.route, "mono"));
      tr.appendChild(el("td", r.rps));
      tr.appendChild(el("td", r.p99_ms + " ms"));
      var cell = el("td");
      cell.appendChild(spark(r.per_second));
      tr.appendChild(cell);
      rows.appendChild(tr);
    });
  }

  function spark(series) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 60 20");
    svg.setAttribute("preserveAspectRatio", "none");
    var max = Math.max.apply(null, series.concat([1]));
    var points = series.map(function (n, i) { return i + "," + (19 - 18 * n / max).toFixed(1); }).join(" ");
    var line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points);
    svg.appendChild(line);
    var title = document.createElementNS(ns, "title");
    title.textContent = "requests per second, peak " + max;
    svg.appendChild(title);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "requests per second over the last minute, peak " + max);
    return svg;
  }

  // --- the stream
  function connect() {
    var source = new EventSource("/console/events");
    source.addEventListener("open", function () { connected = true; banner(null); });
    source.addEventListener("error", function () {
      connected = false;
      banner("Lost contact with the gateway — retrying…");
    });
    source.addEventListener("snapshot", function (e) {
      var s = JSON.parse(e.data);
      $("pings").textContent = "";
      (s.pings || []).forEach(function (p) { addPing(p, false); });
      $("intake").textContent = "";
      (s.intake || []).slice().reverse().forEach(showIntake);
      if (s.status) showStatus(s.status);
    });
    source.addEventListener("ping", function (e) { addPing(JSON.parse(e.data), true); });
    source.addEventListener("intake", function (e) { showIntake(JSON.parse(e.data)); });
    source.addEventListener("status", function (e) { showStatus(JSON.parse(e.data)); });
  }
  setInterval(function () {
    if (connected && lastStatus && Date.now() - lastStatus > 5000) banner("No news from the gateway for 5 s.");
  }, 1000);

  // --- forms: the API's own routes
  function problemText(status, body) {
    if (body && body.detail) {
      var fields = (body.errors || []).map(function (e) { return e.message; }).join("; ");
      return status + ": " + body.detail + (fields ? " — " + fields : "");
    }
    return status ? "HTTP " + status : "The gateway cannot be reached.";
  }

  function post(path, body) {
    var headers = { "content-type": "application/json" };
    if (token) headers.authorization = "Bearer " + token;
    return fetch(path, { method: "POST", headers: headers, body: JSON.stringify(body) }).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: res.status, ok: res.ok, body: json };
      });
    });
  }

  function say(id, text, error) {
    var p = $(id);
    p.textContent = text;
    p.className = "result" + (error ? " error" : "");
  }

  function number(id) { return Number(String($(id).value).trim()); }

  $("ping-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var msg = $("ping-msg").value;
    post("/ping", { msg: msg }).then(function (r) {
      if (r.ok) { say("ping-result", "Accepted (" + r.status + "); it appears below once stored."); $("ping-msg").value = ""; }
      else say("ping-result", problemText(r.status, r.body), true);
    }, function () { say("ping-result", "The gateway cannot be reached.", true); });
  });

  $("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    post("/auth/login", { nick_name: $("login-nick").value, password: $("login-password").value }).then(function (r) {
      if (r.ok && r.body && r.body.access_token) {
        token = r.body.access_token;
        $("login-password").value = "";
        var sub = "";
        try { sub = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub; } catch (x) { sub = ""; }
        if (sub) $("order-user").value = sub;
        $("who").textContent = "— signed in as " + $("login-nick").value;
        say("login-result", "Signed in; the token stays in this page only.");
      } else say("login-result", problemText(r.status, r.body), true);
    }, function () { say("login-result", "The gateway cannot be reached.", true); });
  });

  $("order-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var order = { user_id: number("order-user"), item_description: $("order-item").value,
      item_quantity: number("order-qty"), item_price: number("order-price") };
    post("/queue/neworder", order).then(function (r) {
      if (r.ok && r.body) {
        say("order-result", "Queued: request " + r.body.request_id);
        showIntake(r.body);
      } else say("order-result", problemText(r.status, r.body) + (r.status === 401 ? " (sign in first)" : ""), true);
    }, function () { say("order-result", "The gateway cannot be reached.", true); });
  });

  connect();
})();
