/* Catalogue search of a portalgen site: full text with facets, read from the static index under search/.
 *
 * Progressive enhancement: the search block is hidden in the HTML; this script shows it and, on the
 * first catalogue page, puts its results in place of the paginated list. Without JavaScript (or if
 * the index cannot be loaded) the paginated list stays. The state is in the URL:
 * datasets/?q=budget&theme=economie-et-finances&sort=date&page=2.
 *
 * Text analysis is the twin of portalgen/search/text.py: keep the two in step.
 */
(function () {
  "use strict";

  // ---- Text analysis (same rules as portalgen/search/text.py) --------------------------------
  var MIN_TOKEN = 2, MIN_STEM = 4, STEM_PASSES = 2;
  var STOP_WORDS = new Set(("a ai au aux avec ce ces cet cette d dans de des du elle en est et etre il ils je l la " +
    "le les leur leurs lui ma mais me meme mes mon n ne ni nos notre nous on ou par pas pour qu que qui sa se ses " +
    "son sont sur ta te tes ton tu un une vos votre vous y an and are as at be by for from in is it of on or the " +
    "to with http https www").split(" "));
  var SUFFIXES = ["issement", "atrice", "ateur", "ation", "ement", "ition", "ative", "atif", "erie", "iere", "aire",
    "isme", "iste", "ique", "able", "ible", "ance", "ence", "euse", "elle", "ette", "ite",
    "eur", "ier", "ive", "if", "el", "al", "ee", "er", "ez", "e"];

  function fold(text) {
    return text.replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae").normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) { return fold(text).match(/[a-z0-9]+/g) || []; }

  function stripPlural(w) {
    var n = w.length;
    if (n > 4 && w.endsWith("eaux")) return w.slice(0, -1);
    if (n > 4 && w.endsWith("aux")) return w.slice(0, -3) + "al";
    if (n > 3 && w.endsWith("ux")) return w.slice(0, -1);
    if (n > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  function undouble(w) {
    var last = w.charAt(w.length - 1);
    return w.length > 2 && last === w.charAt(w.length - 2) && "aeiouy".indexOf(last) < 0 ? w.slice(0, -1) : w;
  }

  function stripSuffix(w) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (w.endsWith(s) && w.length - s.length >= MIN_STEM) return undouble(w.slice(0, -s.length));
    }
    return w;
  }

  function stem(w) {
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    w = stripPlural(w);
    for (var pass = 0; pass < STEM_PASSES; pass++) {
      var shorter = stripSuffix(w);
      if (shorter === w) break;
      w = shorter;
    }
    return w;
  }

  function terms(text) {
    return words(text).filter(function (w) { return w.length >= MIN_TOKEN && !STOP_WORDS.has(w); }).map(stem);
  }

  window.portalgenSearch = { fold: fold, stem: stem, terms: terms };

  // ---- Page set-up ----------------------------------------------------------------------------
  var root = document.querySelector("[data-search]");
  if (!root) return;
  var PAGE_SIZE = 20, FACET_LIMIT = 8, PREFIX_FACTOR = 0.5, TYPING_DELAY = 250;

  if (root.dataset.firstPage !== "true") {
    // Other catalogue pages: the form leads to the first page; a search URL is moved there.
    var params = new URLSearchParams(location.search);
    if (params.toString()) { location.replace(new URL(root.dataset.catalogue, location.href) + location.search); return; }
    root.hidden = false;
    return;
  }

  var $ = function (selector) { return root.querySelector(selector); };
  var input = $("#search-q"), sortSelect = $("#search-sort"), facetBox = $("[data-search-facets]");
  var status = $("[data-search-status]"), list = $("[data-search-list]"), pager = $("[data-search-pages]");
  var resultsBox = $(".search-results");
  var messages = JSON.parse($("[data-search-messages]").textContent);
  var indexUrl = new URL(root.dataset.index, location.href);
  var meta = null, facetDocs = null, files = {}, controls = {}, expanded = {}, run = 0, typingTimer = 0;
  var state = { q: "", sort: "relevance", page: 1, filters: {} };

  function load(name) {
    if (!files[name]) {
      files[name] = fetch(new URL(name + "?v=" + meta.version, indexUrl)).then(function (response) {
        if (!response.ok) throw new Error(name + ": " + response.status);
        return response.json();
      });
    }
    return files[name];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function foundText(count) {
    var key = count === 0 ? "zero" : count === 1 ? "one" : "other";
    return fill(messages[key], { count: count.toLocaleString(root.dataset.lang) });
  }

  // ---- State <-> URL ----------------------------------------------------------------------------
  function readState(search) {
    var params = new URLSearchParams(search), filters = {};
    meta.facets.forEach(function (facet) {
      var wanted = params.getAll(facet.key);
      var keys = facet.values.map(function (v) { return v[0]; }).filter(function (k) { return wanted.indexOf(k) >= 0; });
      if (keys.length) filters[facet.key] = keys;
    });
    var sort = params.get("sort");
    return {
      q: params.get("q") || "", filters: filters,
      sort: sort === "title" || sort === "date" ? sort : "relevance",
      page: Math.max(1, parseInt(params.get("page"), 10) || 1)
    };
  }

  function queryString(s, page) {
    var params = new URLSearchParams();
    if (s.q.trim()) params.set("q", s.q.trim());
    meta.facets.forEach(function (facet) {
      (s.filters[facet.key] || []).forEach(function (key) { params.append(facet.key, key); });
    });
    if (s.sort !== "relevance") params.set("sort", s.sort);
    if (page > 1) params.set("page", page);
    var text = params.toString();
    return text ? "?" + text : location.pathname;
  }

  function saveState(push) {
    var url = queryString(state, state.page);
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  // ---- Matching ---------------------------------------------------------------------------------
  function shardsFor(token) {
    var keys = [], own = null, k;
    for (k = token.length; k >= 2 && !own; k--) if (meta.shardSet.has(token.slice(0, k))) own = token.slice(0, k);
    if (own) keys.push(own);
    if (token.length >= 3) {
      meta.shards.forEach(function (key) { if (key.length > token.length && key.startsWith(token)) keys.push(key); });
    }
    return keys;
  }

  function idf(df) { return Math.log(1 + (meta.count - df + 0.5) / (df + 0.5)); }

  // Map document number -> score for one query term: exact term, or (3+ letters) a term it starts.
  function matchTerm(token) {
    return Promise.all(shardsFor(token).map(function (key) { return load("terms/" + key + ".json"); }))
      .then(function (shards) {
        var scores = new Map();
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (term) {
            var factor = term === token ? 1 : token.length >= 3 && term.startsWith(token) ? PREFIX_FACTOR : 0;
            if (!factor) return;
            var entry = shard[term], weight = idf(entry.length / 2) * factor, doc = 0;
            for (var i = 0; i < entry.length; i += 2) {
              doc += entry[i];
              var score = entry[i + 1] * weight;
              if (!(scores.get(doc) >= score)) scores.set(doc, score);
            }
          });
        });
        return scores;
      });
  }

  // Every term must match (AND); a document's score is the sum of its term scores. Null: no query.
  function matchQuery(q) {
    var tokens = Array.from(new Set(terms(q)));
    if (!tokens.length) return Promise.resolve(null);
    return Promise.all(tokens.map(matchTerm)).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var result = maps[0];
      maps.slice(1).forEach(function (other) {
        var next = new Map();
        result.forEach(function (score, doc) { if (other.has(doc)) next.set(doc, score + other.get(doc)); });
        result = next;
      });
      return result;
    });
  }

  // A set of documents: delta list [d0, d1-d0, …], or base64 bitmap (bit n % 8 of byte n / 8 is document n).
  function documentSet(spelling) {
    var docs = [], doc = 0, i;
    if (typeof spelling === "string") {
      var bytes = atob(spelling);
      for (i = 0; i < bytes.length; i++) {
        for (var bits = bytes.charCodeAt(i), bit = 0; bits; bit++, bits >>= 1) if (bits & 1) docs.push(i * 8 + bit);
      }
      return docs;
    }
    for (i = 0; i < spelling.length; i++) { doc += spelling[i]; docs.push(doc); }
    return docs;
  }

  function loadFacets() {
    if (!facetDocs) {
      facetDocs = load("facets.json").then(function (data) {
        return data.map(function (values) { return values.map(documentSet); });
      });
    }
    return facetDocs;
  }

  // Results and facet counts. A value's count is what the results would be if it were added to its
  // facet's selection: the other facets' filters apply, its own does not (values of one facet add up).
  function filterAndCount(scores, facets) {
    var n = meta.count, inText = new Uint8Array(n), passed = new Uint8Array(n), selectedFacets = 0;
    if (scores) scores.forEach(function (score, doc) { inText[doc] = 1; }); else inText.fill(1);
    var selections = meta.facets.map(function (facet, f) {
      var keys = state.filters[facet.key];
      if (!keys) return null;
      selectedFacets++;
      var member = new Uint8Array(n);
      facet.values.forEach(function (value, v) {
        if (keys.indexOf(value[0]) >= 0) facets[f][v].forEach(function (doc) { member[doc] = 1; });
      });
      for (var doc = 0; doc < n; doc++) passed[doc] += member[doc];
      return member;
    });
    var counts = meta.facets.map(function (facet, f) {
      var member = selections[f], need = selectedFacets - (member ? 1 : 0);
      return facets[f].map(function (docs) {
        var count = 0;
        for (var i = 0; i < docs.length; i++) {
          var doc = docs[i];
          if (inText[doc] && passed[doc] - (member ? member[doc] : 0) === need) count++;
        }
        return count;
      });
    });
    var results = [];
    for (var doc = 0; doc < n; doc++) if (inText[doc] && passed[doc] === selectedFacets) results.push(doc);
    return { results: results, counts: counts };
  }

  function totals() {
    return { results: null, counts: meta.facets.map(function (f) { return f.values.map(function (v) { return v[2]; }); }) };
  }

  function ordered(results, scores) {
    if (state.sort === "date") {
      return load("order-date.json").then(function (order) {
        var keep = new Uint8Array(meta.count);
        results.forEach(function (doc) { keep[doc] = 1; });
        return order.filter(function (doc) { return keep[doc]; });
      });
    }
    if (state.sort === "relevance" && scores) {
      results.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
    }
    return Promise.resolve(results);   // numbers are in title order already
  }

  function cardsOf(docs) {
    var per = meta.cardsPerFile, chunks = Array.from(new Set(docs.map(function (d) { return Math.floor(d / per); })));
    return Promise.all(chunks.map(function (c) { return load("cards/" + c + ".json"); })).then(function (loaded) {
      var byChunk = new Map(chunks.map(function (c, i) { return [c, loaded[i]]; }));
      return docs.map(function (d) { return byChunk.get(Math.floor(d / per))[d % per]; });
    });
  }

  function allDocs() {
    var docs = [];
    for (var d = 0; d < meta.count; d++) docs.push(d);
    return docs;
  }

  function update(focusStatus) {
    var mine = ++run, active = state.q.trim() || Object.keys(state.filters).length;
    resultsBox.setAttribute("aria-busy", "true");
    var found = active ? Promise.all([matchQuery(state.q), loadFacets()]) : Promise.resolve([null, null]);
    return found.then(function (both) {
      var scores = both[0], outcome = active ? filterAndCount(scores, both[1]) : totals();
      var results = outcome.results || allDocs();
      return ordered(results, scores).then(function (sorted) {
        var pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
        var page = Math.min(state.page, pages), shown = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        return cardsOf(shown).then(function (cards) {
          if (mine !== run) return;
          state.page = page;
          saveState(false);
          showResults(cards, sorted.length, page, pages, outcome.counts);
          resultsBox.removeAttribute("aria-busy");
          root.setAttribute("data-shown", queryString(state, page));   // what is on screen (used by tests)
          if (focusStatus) status.focus();
        });
      });
    });
  }

  // After a visitor's action: a failure (network gone, index replaced mid-visit) is said, not hidden.
  function refresh(focusStatus) {
    update(focusStatus).catch(function (error) {
      if (window.console) console.warn("portalgen search failed:", error);
      status.textContent = messages.unavailable;
      resultsBox.removeAttribute("aria-busy");
    });
  }

  // ---- Rendering ----------------------------------------------------------------------------------
  function showResults(cards, count, page, pages, counts) {
    list.innerHTML = cards.join("\n");
    status.textContent = foundText(count);
    renderPager(page, pages);
    updateFacets(counts);
  }

  function renderPager(page, pages) {
    pager.textContent = "";
    pager.hidden = pages <= 1;
    if (pages <= 1) return;
    var ul = document.createElement("ul");
    function item(text, target, rel) {
      var li = document.createElement("li"), node;
      if (target) {
        node = document.createElement("a");
        node.href = queryString(state, target);
        node.rel = rel;
        node.addEventListener("click", function (event) {
          event.preventDefault();
          state.page = target;
          saveState(true);
          refresh(true);
        });
      } else {
        node = document.createElement("span");
        node.className = "search-page";
      }
      node.textContent = text;
      li.appendChild(node);
      ul.appendChild(li);
    }
    if (page > 1) item(messages.previous, page - 1, "prev");
    item(fill(messages.pageOf, { page: page, pages: pages }), 0, "");
    if (page < pages) item(messages.next, page + 1, "next");
    pager.appendChild(ul);
  }

  function buildFacets() {
    meta.facets.forEach(function (facet, f) {
      if (facet.values.length < 2) return;   // a single value filters nothing
      var fieldset = document.createElement("fieldset"), legend = document.createElement("legend");
      var ul = document.createElement("ul"), more = document.createElement("button");
      fieldset.className = "facet";
      legend.textContent = facet.label;
      ul.className = "facet-values";
      controls[facet.key] = { fieldset: fieldset, more: more, items: [] };
      facet.values.forEach(function (value, v) {
        var li = document.createElement("li"), box = document.createElement("input");
        var label = document.createElement("label"), count = document.createElement("span");
        box.type = "checkbox";
        box.id = "facet-" + f + "-" + v;
        box.name = facet.key;
        box.value = value[0];
        box.addEventListener("change", onFacetChange);
        label.htmlFor = box.id;
        label.textContent = value[1] + " ";
        count.className = "facet-count";
        label.appendChild(count);
        li.appendChild(box);
        li.appendChild(label);
        ul.appendChild(li);
        controls[facet.key].items.push({ li: li, box: box, count: count });
      });
      more.type = "button";
      more.className = "facet-more";
      more.setAttribute("aria-expanded", "false");
      more.addEventListener("click", function () {
        expanded[facet.key] = !expanded[facet.key];
        updateFacets(null);
      });
      fieldset.appendChild(legend);
      fieldset.appendChild(ul);
      fieldset.appendChild(more);
      facetBox.appendChild(fieldset);
    });
  }

  var lastCounts = null;
  function updateFacets(counts) {
    counts = counts || lastCounts;
    lastCounts = counts;
    meta.facets.forEach(function (facet, f) {
      var c = controls[facet.key];
      if (!c) return;
      var candidates = 0;
      c.items.forEach(function (item, v) {
        var n = counts[f][v], on = item.box.checked, candidate = n > 0 || on;
        item.count.textContent = "(" + n.toLocaleString(root.dataset.lang) + ")";
        if (candidate) candidates++;
        item.li.hidden = !candidate || (!expanded[facet.key] && candidates > FACET_LIMIT && !on);
      });
      c.fieldset.hidden = candidates === 0;
      c.more.hidden = candidates <= FACET_LIMIT;
      c.more.setAttribute("aria-expanded", expanded[facet.key] ? "true" : "false");
      c.more.textContent = expanded[facet.key] ? messages.less : fill(messages.more, { count: candidates });
    });
  }

  function syncControls() {
    input.value = state.q;
    sortSelect.value = state.sort;
    Object.keys(controls).forEach(function (key) {
      var selected = state.filters[key] || [];
      controls[key].items.forEach(function (item) { item.box.checked = selected.indexOf(item.box.value) >= 0; });
    });
  }

  // ---- Events -------------------------------------------------------------------------------------
  function onFacetChange(event) {
    var key = event.target.name;
    var selected = controls[key].items.filter(function (i) { return i.box.checked; }).map(function (i) { return i.box.value; });
    if (selected.length) state.filters[key] = selected; else delete state.filters[key];
    state.page = 1;
    saveState(true);
    refresh(false);
  }

  function onTyping() {
    clearTimeout(typingTimer);
    resultsBox.setAttribute("aria-busy", "true");
    typingTimer = setTimeout(function () {
      if (state.q === input.value) { resultsBox.removeAttribute("aria-busy"); return; }
      state.q = input.value;
      state.page = 1;
      saveState(false);
      refresh(false);
    }, TYPING_DELAY);
  }

  function start() {
    meta.shardSet = new Set(meta.shards);
    buildFacets();
    // On a narrow screen the filters start folded, so the results come first.
    if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) $("[data-search-filters]").open = false;
    state = readState(location.search);
    syncControls();
    return update(false).then(function () {
      // The script's results replace the static list and its pagination.
      for (var node = root.nextElementSibling; node; node = node.nextElementSibling) {
        if (node.tagName !== "SCRIPT") node.hidden = true;
      }
      root.hidden = false;
      root.classList.add("search-ready");
    });
  }

  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typingTimer);
    state.q = input.value;
    state.page = 1;
    saveState(true);
    refresh(true);
  });
  input.addEventListener("input", onTyping);
  sortSelect.addEventListener("change", function () {
    state.sort = sortSelect.value;
    state.page = 1;
    saveState(true);
    refresh(false);
  });
  $("[data-search-clear]").addEventListener("click", function () {
    state = { q: "", sort: "relevance", page: 1, filters: {} };
    syncControls();
    saveState(true);
    refresh(false);
    input.focus();
  });
  window.addEventListener("popstate", function () {
    state = readState(location.search);
    syncControls();
    refresh(false);
  });

  fetch(indexUrl, { cache: "no-cache" })
    .then(function (response) {
      if (!response.ok) throw new Error("search index: " + response.status);
      return response.json();
    })
    .then(function (data) { meta = data; return start(); })
    .catch(function (error) {
      // The static list stays: searching is unavailable, browsing is not.
      if (window.console) console.warn("portalgen search is unavailable:", error);
    });
})();
