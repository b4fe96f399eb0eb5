/* Reference-free checks of an edited sentence, in the page (align/render/html.py inlines this file first).
   Four of the Python checks of align/qa/checks.py, kept simple; docs/review.md says where they differ:
   - untranslated: the same rule (Arabic words of two or more letters; an error when Arabic letters are at
     least half the letters), without Python's "80 % like the source" test;
   - repetition: the same rule (1-8 words three times in a row, or a 4-word phrase four times, unless the
     source repeats itself);
   - length-ratio: the same rule and bounds (passed in from Python);
   - number-mismatch: only numbers written in digits in the source that the edit lacks, in digits or as an
     English word from zero to ninety; separators are ignored ("1,234" = "1234"). Python also reads scale
     words, decimals, dates, Roman numerals, month names and Arabic number words, and flags numbers the
     translation adds, so the page may flag a number Python accepts, and never flags an added one. */
(function () {
  "use strict";
  var NA = window.newsalign = window.newsalign || {};
  var config = NA.config = JSON.parse(document.getElementById("newsalign-config").textContent);
  var ARABIC = new RegExp("[" + config.arabic_letters + "]", "gu");
  var ARABIC_WORD = new RegExp("(?:[" + config.arabic_letters + "]){2,}", "gu");
  var LETTER = /[\p{L}\p{Nl}\p{No}]/gu;  // Python's [^\W\d_]
  var TOKEN = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)?/gu;  // Python's [^\W_]+(?:['’][^\W_]+)?
  var NUMBER = /(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*/g;
  // The characters Python's str.split() splits on.
  var SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " +
    "fifteen sixteen seventeen eighteen nineteen").split(" ");
  var TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split(" ");
  var WORDS = Object.create(null);
  UNITS.forEach(function (w, i) { WORDS[w] = String(i); });
  TENS.forEach(function (w, i) { WORDS[w] = String(20 + 10 * i); });

  function words(text) { return text.split(SPACE).filter(function (w) { return w; }); }
  function length(text) { return Array.from(words(text).join(" ")).length; }  // code points, as Python
  function all(text, pattern) { return text.match(pattern) || []; }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }
  function normalizeDigits(text) {
    return text.replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); })
      .replace(/\u066b/g, ".").replace(/\u066c/g, ",").replace(/(?<=\d)\u060c(?=\d)/g, ",");
  }
  function digitsOf(number) { return number.replace(/[.,]/g, "").replace(/^0+(?=\d)/, ""); }
  function shown(list) {
    var first = list.slice(0, 5).join(", ");
    return list.length > 5 ? first + " and " + (list.length - 5) + " more" : first;
  }
  function flag(code, severity, message) { return {code: code, severity: severity, message: message}; }

  function numbers(source, translation) {
    var text = normalizeDigits(translation), found = Object.create(null);
    all(text, NUMBER).forEach(function (n) { found[digitsOf(n)] = true; });
    all(text.toLowerCase(), /[a-z]+/g).forEach(function (w) { if (WORDS[w]) found[WORDS[w]] = true; });
    var missing = unique(all(normalizeDigits(source), NUMBER).filter(function (n) { return !found[digitsOf(n)]; }));
    if (!missing.length) return [];
    var verb = missing.length === 1 ? "is" : "are";
    return [flag("number-mismatch", "error", shown(missing) + " in the source " + verb + " not in the translation")];
  }

  function untranslated(source, translation) {
    var arabicWords = all(translation, ARABIC_WORD);
    if (!arabicWords.length || !all(source, ARABIC).length) return [];
    var letters = all(translation, LETTER).length, arabic = all(translation, ARABIC).length;
    if (arabic >= letters / 2) return [flag("untranslated", "error", "the output is Arabic text")];
    return [flag("untranslated", "warning", "Arabic words left in the output: " + unique(arabicWords.slice(0, 5)).join(" "))];
  }

  function same(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function consecutiveLoop(tokens) {
    for (var n = 1; n <= 8; n++) {
      for (var i = 0; i + 3 * n <= tokens.length; i++) {
        var unit = tokens.slice(i, i + n), times = 1;
        while (same(tokens.slice(i + times * n, i + (times + 1) * n), unit)) times++;
        if (times >= 3) return [unit.join(" "), times];
      }
    }
    return null;
  }
  function recurringPhrase(tokens) {
    var counts = new Map(), best = null, most = 0;
    for (var i = 0; i + 4 <= tokens.length; i++) {
      var gram = tokens.slice(i, i + 4).join(" ");
      counts.set(gram, (counts.get(gram) || 0) + 1);
    }
    counts.forEach(function (times, gram) { if (times > most) { most = times; best = gram; } });
    return most >= 4 ? [best, most] : null;
  }
  function repetition(source, translation) {
    var tokens = all(normalizeDigits(translation), TOKEN).map(function (t) { return t.toLowerCase(); });
    var loop = consecutiveLoop(tokens) || recurringPhrase(tokens);
    if (!loop) return [];
    var sourceTokens = all(source, TOKEN);
    if (consecutiveLoop(sourceTokens) || recurringPhrase(sourceTokens)) return [];
    return [flag("repetition", "error", "the output repeats '" + loop[0] + "' " + loop[1] + " times")];
  }

  function lengthRatio(source, translation) {
    var n = length(source), low = config.length_ratio[0], high = config.length_ratio[1];
    if (n < config.length_min_source) return [];
    var ratio = length(translation) / n;
    if (ratio >= low && ratio <= high) return [];
    var short = ratio < low;
    return [flag("length-ratio", "warning", "the output is " + ratio.toFixed(2) + " times the source's length " +
      "in characters; human translations run " + low.toFixed(2) + "-" + high.toFixed(2) + ": too " +
      (short ? "short, something may be missing" : "long, something may be added"))];
  }

  NA.RECHECKED = ["number-mismatch", "untranslated", "repetition", "length-ratio"];
  // Flags about the source sentence: still true of any translation of it.
  NA.SOURCE_FLAGS = ["lost-glyph", "long-input"];
  NA.check = function (source, translation) {
    if (!translation.trim()) return [];
    return [].concat(untranslated(source, translation), numbers(source, translation),
      repetition(source, translation), lengthRatio(source, translation));
  };
})();
