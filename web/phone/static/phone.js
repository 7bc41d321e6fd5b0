// Dialtone browser softphone: SIP over WebSocket (RFC 7118) with JsSIP,
// audio over WebRTC to Dialtone's own media endpoint. Plain script, no
// build step; standard APIs only (Chromium and Firefox).
(function () {
  'use strict';

  // Where the page lives (/phone/): config.json and token are beside it.
  var base = location.pathname.replace(/[^/]*$/, '');
  var $ = function (id) { return document.getElementById(id); };

  var state = {
    connection: 'disconnected', // disconnected | connecting | connected
    registration: 'unregistered', // unregistered | registering | registered | failed
    call: 'idle', // idle | calling | ringing | incoming | active | ended
    muted: false,
    held: false,
    peer: '',
    direction: ''
  };
  var lastError = '';
  var cfg = null; // {wsURL, domain, iceServers}
  var ua = null;
  var session = null;
  var me = '';
  var callStart = 0;
  var timer = null;
  var ring = null;
  var notice = null;
  var audioCtx = null;
  var analysis = null;
  var remoteStream = null;
  var prefs = {
    mic: localStorage.getItem('dialtone.phone.mic') || '',
    spk: localStorage.getItem('dialtone.phone.spk') || ''
  };

  // ---- messages and state ------------------------------------------------

  function showError(msg) {
    lastError = msg;
    var a = $('alert');
    a.textContent = msg;
    a.hidden = !msg;
  }

  function clearError() { showError(''); lastError = ''; }

  function setConnection(s) {
    state.connection = s;
    var el = $('conn-state');
    el.dataset.state = s;
    el.textContent = {
      disconnected: 'Server: not connected',
      connecting: 'Server: connecting…',
      connected: 'Server: connected'
    }[s];
  }

  function setRegistration(s, why) {
    state.registration = s;
    var el = $('reg-state');
    el.dataset.state = s;
    el.textContent = {
      unregistered: 'Not registered',
      registering: 'Registering…',
      registered: 'Registered',
      failed: 'Registration failed' + (why ? ': ' + why : '')
    }[s];
  }

  function setCall(s) {
    state.call = s;
    var inCall = s === 'calling' || s === 'ringing' || s === 'active';
    $('call').hidden = !inCall;
    $('incoming').hidden = s !== 'incoming';
    $('call-btn').disabled = inCall || s === 'incoming';
    $('call-status').textContent = {
      calling: 'Calling', ringing: 'Ringing', active: state.held ? 'On hold with' : 'In call with'
    }[s] || '';
    $('call-peer').textContent = state.peer;
    $('mute-btn').disabled = s !== 'active';
    $('hold-btn').disabled = s !== 'active';
    $('transfer-form').hidden = s !== 'active';
  }

  // ---- configuration and login ---------------------------------------------

  function loadConfig() {
    return fetch(base + 'config.json', { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('config.json: HTTP ' + r.status);
        return r.json();
      })
      .then(function (c) {
        if (!c.wsURL) {
          var proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
          c.wsURL = proto + '//' + location.host + '/ws';
        }
        c.domain = c.domain || location.hostname;
        c.iceServers = c.iceServers || [];
        cfg = c;
        return c;
      });
  }

  // One-click sign-in: a link from the admin UI carries #token=...; the
  // server trades it, once, for the extension's digest credentials:
  // POST <base>token {"token": "..."} → 200 {"extension", "name", "realm",
  // "ha1"}, else {"error": "why"}. Dialtone keeps only HA1 values of SIP
  // passwords; JsSIP signs its digest responses with the HA1 (RFC 2617
  // §3.2.2.2) as it would with the password.
  function exchangeToken(token) {
    return fetch(base + 'token', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: token })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          throw new Error(body.error || 'The sign-in link was refused (HTTP ' + r.status + ').');
        }
        return body;
      });
    });
  }

  // The signed-in extension survives a reload of this tab (not a new tab):
  // sessionStorage keeps the extension, realm and HA1 (never a typed
  // password; JsSIP computes the HA1 at the first challenge) and the
  // tab's SIP instance id, so the page registers again at once and its new
  // binding replaces the old one (RFC 5626 §4.2: same +sip.instance and
  // reg-id) even before the server has noticed the old connection close.
  var sessionKey = 'dialtone.phone.session';

  function savedLogin() {
    try {
      var v = JSON.parse(sessionStorage.getItem(sessionKey) || 'null');
      if (v && v.ext && v.ha1 && v.realm) return v;
    } catch (e) { /* corrupt: ignore */ }
    return null;
  }

  function saveLogin(u) {
    var ha1 = u.get('ha1');
    var realm = u.get('realm');
    if (!ha1 || !realm) return;
    sessionStorage.setItem(sessionKey, JSON.stringify({ ext: me, ha1: ha1, realm: realm }));
  }

  function forgetLogin() { sessionStorage.removeItem(sessionKey); }

  function instanceID() {
    var id = sessionStorage.getItem('dialtone.phone.instance');
    if (!id) {
      id = window.crypto && crypto.randomUUID ? crypto.randomUUID() : JsSIP.Utils.newUUID();
      sessionStorage.setItem('dialtone.phone.instance', id);
    }
    return id;
  }

  function tokenFromFragment() {
    var m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (!m) return '';
    // The token is single-use: keep it out of the history and bookmarks.
    history.replaceState(null, '', location.pathname + location.search);
    return decodeURIComponent(m[1]);
  }

  // login signs in as ext with a typed password (secret a string) or
  // digest credentials ({ha1, realm}: a sign-in link, or a reload).
  function login(ext, secret) {
    clearError();
    if (!window.JsSIP) {
      showError('The SIP library did not load; reload the page.');
      return;
    }
    if (!window.RTCPeerConnection || !navigator.mediaDevices) {
      showError('This browser cannot make WebRTC calls (use a recent Chromium or Firefox, over HTTPS).');
      return;
    }
    me = ext;
    localStorage.setItem('dialtone.phone.ext', ext);
    var socket = new JsSIP.WebSocketInterface(cfg.wsURL);
    var settings = {
      sockets: [socket],
      uri: 'sip:' + ext + '@' + cfg.domain,
      authorization_user: ext,
      display_name: ext,
      instance_id: instanceID(),
      register: true,
      register_expires: 300,
      session_timers: false,
      user_agent: 'Dialtone phone (JsSIP ' + JsSIP.version + ')',
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30
    };
    if (typeof secret === 'string') {
      settings.password = secret;
    } else {
      settings.ha1 = secret.ha1;
      settings.realm = secret.realm;
    }
    ua = new JsSIP.UA(settings);
    ua.on('connecting', function () { setConnection('connecting'); });
    ua.on('connected', function () {
      setConnection('connected');
      if (lastError.indexOf('Connection to the server') === 0) clearError();
    });
    ua.on('disconnected', function () {
      setConnection('disconnected');
      setRegistration('unregistered');
      if (ua) showError('Connection to the server lost; reconnecting…');
    });
    ua.on('registered', function () {
      setRegistration('registered');
      if (ua) saveLogin(ua);
    });
    ua.on('unregistered', function () { setRegistration('unregistered'); });
    ua.on('registrationFailed', function (e) {
      var why = e.response ? e.response.status_code + ' ' + e.response.reason_phrase : e.cause;
      setRegistration('failed', why);
      if (e.cause === JsSIP.C.causes.AUTHENTICATION_ERROR || (e.response && (e.response.status_code === 401 || e.response.status_code === 403))) {
        var saved = typeof secret !== 'string';
        logout();
        showError(saved ? 'The sign-in is no longer valid (the SIP password was changed?): sign in again.' : 'Wrong extension or password.');
        return;
      }
      showError('Registration failed: ' + why);
    });
    ua.on('newRTCSession', onNewSession);
    setRegistration('registering');
    ua.start();
    $('me').textContent = ext;
    $('login').hidden = true;
    $('phone').hidden = false;
    renderHistory();
    $('number').focus();
    askNotifications();
  }

  function logout() {
    forgetLogin();
    stopUA();
    $('phone').hidden = true;
    $('login').hidden = false;
    $('login-pass').value = '';
    $('login-ext').focus();
  }

  // stopUA ends any call and unregisters; used on sign-out and on unload
  // so a reload leaves no stale registration or half call behind.
  function stopUA() {
    if (session) {
      try { session.terminate(); } catch (e) { /* already ended */ }
    }
    if (ua) {
      var u = ua;
      ua = null;
      try { u.unregister({ all: false }); } catch (e) { /* not registered */ }
      u.stop();
    }
    stopRing();
    setConnection('disconnected');
    setRegistration('unregistered');
  }

  // ---- calls ---------------------------------------------------------------

  function mediaOptions() {
    var audio = prefs.mic ? { deviceId: { exact: prefs.mic } } : true;
    return {
      mediaConstraints: { audio: audio, video: false },
      pcConfig: { iceServers: cfg.iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' },
      rtcOfferConstraints: { offerToReceiveAudio: 1, offerToReceiveVideo: 0 }
    };
  }

  function target(number) {
    number = String(number).replace(/[\s().-]/g, '');
    if (/^sips?:/.test(number)) return number;
    return 'sip:' + number + '@' + cfg.domain;
  }

  function call(number) {
    number = String(number || '').trim();
    if (!number) { showError('Enter a number to call.'); return; }
    if (!ua || state.registration !== 'registered') { showError('Not registered: cannot call yet.'); return; }
    if (session) { showError('Already in a call.'); return; }
    clearError();
    state.peer = number;
    state.direction = 'outgoing';
    ensureAudioContext();
    try {
      ua.call(target(number), mediaOptions());
    } catch (e) {
      showError('Cannot call ' + number + ': ' + e.message);
    }
  }

  function onNewSession(e) {
    var s = e.session;
    if (session && session !== s) {
      // One call at a time: a second caller hears busy.
      s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      addHistory({ dir: 'in', number: s.remote_identity.uri.user, start: Date.now(), duration: 0, result: 'busy' });
      return;
    }
    session = s;
    state.muted = false;
    state.held = false;
    if (s.direction === 'incoming') {
      state.direction = 'incoming';
      var who = s.remote_identity.display_name || s.remote_identity.uri.user;
      state.peer = s.remote_identity.uri.user;
      $('incoming-from').textContent = who;
      setCall('incoming');
      startRing();
      notify('Incoming call', 'From ' + who);
      $('answer-btn').focus();
    } else {
      setCall('calling');
    }
    s.on('peerconnection', function (ev) { watchPeer(ev.peerconnection); });
    if (s.connection) watchPeer(s.connection);
    s.on('progress', function () { if (state.call === 'calling') setCall('ringing'); });
    s.on('accepted', function () { stopRing(); });
    s.on('confirmed', function () {
      stopRing();
      callStart = Date.now();
      startTimer();
      setCall('active');
    });
    s.on('hold', function () { state.held = true; updateToggles(); setCall('active'); });
    s.on('unhold', function () { state.held = false; updateToggles(); setCall('active'); });
    s.on('muted', function () { state.muted = true; updateToggles(); });
    s.on('unmuted', function () { state.muted = false; updateToggles(); });
    s.on('failed', function (ev) { ended(s, ev, true); });
    s.on('ended', function (ev) { ended(s, ev, false); });
  }

  function watchPeer(pc) {
    if (pc.__dialtone) return;
    pc.__dialtone = true;
    pc.addEventListener('track', function (ev) {
      var stream = ev.streams && ev.streams[0] ? ev.streams[0] : new MediaStream([ev.track]);
      attachRemote(stream);
    });
    pc.addEventListener('iceconnectionstatechange', function () {
      if (pc.iceConnectionState === 'failed') showError('The call\'s network path failed.');
      if (pc.iceConnectionState === 'disconnected') showError('The network dropped; trying to keep the call…');
      if (pc.iceConnectionState === 'connected' && lastError.indexOf('The network') === 0) clearError();
    });
  }

  function ended(s, ev, failed) {
    if (s !== session) return;
    var was = state.call;
    var duration = callStart ? Math.round((Date.now() - callStart) / 1000) : 0;
    var result = failed ? String(ev.cause || 'failed') : 'answered';
    if (failed && ev.cause === JsSIP.C.causes.USER_DENIED_MEDIA_ACCESS) {
      showError('Microphone access is blocked. Allow the microphone for this site in the browser (the icon in the address bar), then call again.');
      result = 'no microphone';
    } else if (failed && ev.cause === JsSIP.C.causes.BUSY) {
      showError(state.peer + ' is busy.');
    } else if (failed && ev.cause === JsSIP.C.causes.CONNECTION_ERROR) {
      showError('The call failed: no connection to the server.');
    } else if (failed && ev.originator !== 'local' && ev.cause !== JsSIP.C.causes.CANCELED) {
      showError('The call failed: ' + ev.cause + '.');
    }
    if (state.direction === 'incoming' && (was === 'incoming')) result = failed && ev.originator === 'local' ? 'declined' : 'missed';
    addHistory({ dir: state.direction === 'incoming' ? 'in' : 'out', number: state.peer, start: callStart || Date.now(), duration: duration, result: result });
    session = null;
    callStart = 0;
    stopTimer();
    stopRing();
    closeNotice();
    detachRemote();
    state.muted = false;
    state.held = false;
    updateToggles();
    setCall('idle');
    state.call = 'ended';
    setTimeout(function () { if (!session) state.call = 'idle'; }, 1000);
  }

  function answer() {
    if (!session || state.call !== 'incoming') return;
    stopRing();
    closeNotice();
    ensureAudioContext();
    try {
      session.answer(mediaOptions());
      setCall('ringing');
      $('call-status').textContent = 'Connecting';
    } catch (e) {
      showError('Cannot answer: ' + e.message);
    }
  }

  function reject() {
    if (session && state.call === 'incoming') session.terminate({ status_code: 603, reason_phrase: 'Decline' });
  }

  function hangup() {
    if (session) {
      try { session.terminate(); } catch (e) { /* already ended */ }
    }
  }

  function toggleMute() {
    if (!session || state.call !== 'active') return;
    if (state.muted) session.unmute({ audio: true }); else session.mute({ audio: true });
  }

  function toggleHold() {
    if (!session || state.call !== 'active') return;
    // JsSIP sends a re-INVITE with a=sendonly, then a=sendrecv (RFC 3264 §8.4).
    if (state.held) session.unhold(); else session.hold();
  }

  function updateToggles() {
    $('mute-btn').setAttribute('aria-pressed', String(state.muted));
    $('mute-btn').textContent = state.muted ? 'Unmute' : 'Mute';
    $('hold-btn').setAttribute('aria-pressed', String(state.held));
    $('hold-btn').textContent = state.held ? 'Resume' : 'Hold';
  }

  function dtmf(key) {
    if (!session || state.call !== 'active') return false;
    try {
      // RFC 4733 events in the media stream, not SIP INFO.
      session.sendDTMF(key, { transportType: 'RFC2833', duration: 160, interToneGap: 80 });
      return true;
    } catch (e) {
      showError('Cannot send tone ' + key + ': ' + e.message);
      return false;
    }
  }

  function transfer(number) {
    number = String(number || '').trim();
    if (!session || state.call !== 'active' || !number) return;
    var s = session;
    var peer = state.peer;
    s.refer(target(number), {
      eventHandlers: {
        accepted: function () {
          addHistory({ dir: 'out', number: peer + ' → ' + number, start: Date.now(), duration: 0, result: 'transferred' });
          try { s.terminate(); } catch (e) { /* ended by the far end */ }
        },
        failed: function (ev) {
          showError('Transfer to ' + number + ' failed' + (ev && ev.status_line ? ': ' + ev.status_line.status_code + ' ' + ev.status_line.reason_phrase : '') + '.');
        }
      }
    });
  }

  function startTimer() {
    stopTimer();
    timer = setInterval(function () {
      var s = Math.round((Date.now() - callStart) / 1000);
      $('call-timer').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
    }, 500);
  }

  function stopTimer() {
    if (timer) clearInterval(timer);
    timer = null;
    $('call-timer').textContent = '';
  }

  // ---- audio: remote playback, ringtone, analysis --------------------------

  function ensureAudioContext() {
    var AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    if (!audioCtx) audioCtx = new AC();
    if (audioCtx.state === 'suspended') audioCtx.resume();
    return audioCtx;
  }

  function attachRemote(stream) {
    remoteStream = stream;
    var el = $('remote-audio');
    el.srcObject = stream;
    applySink();
    var p = el.play();
    if (p && p.catch) p.catch(function () { /* autoplay: starts on the next user gesture */ });
    startAnalysis(stream);
  }

  function detachRemote() {
    $('remote-audio').srcObject = null;
    remoteStream = null;
    stopAnalysis();
  }

  // Test hook and level meter: dominant frequency and level of what the
  // page hears over the last 500 ms (WebAudio AnalyserNode).
  function startAnalysis(stream) {
    stopAnalysis();
    var ctx = ensureAudioContext();
    if (!ctx) return;
    var src = ctx.createMediaStreamSource(stream);
    var an = ctx.createAnalyser();
    an.fftSize = 4096;
    an.smoothingTimeConstant = 0;
    src.connect(an);
    var freq = new Float32Array(an.frequencyBinCount);
    var time = new Float32Array(an.fftSize);
    var a = { src: src, an: an, samples: [], id: 0 };
    a.id = setInterval(function () {
      an.getFloatFrequencyData(freq);
      an.getFloatTimeDomainData(time);
      var best = 0;
      for (var i = 1; i < freq.length; i++) if (freq[i] > freq[best]) best = i;
      var sum = 0;
      for (var j = 0; j < time.length; j++) sum += time[j] * time[j];
      var rms = Math.sqrt(sum / time.length);
      a.samples.push({ t: Date.now(), f: best * ctx.sampleRate / an.fftSize, rms: rms });
      var cut = Date.now() - 500;
      while (a.samples.length && a.samples[0].t < cut) a.samples.shift();
    }, 50);
    analysis = a;
  }

  function stopAnalysis() {
    if (!analysis) return;
    clearInterval(analysis.id);
    try { analysis.src.disconnect(); } catch (e) { /* gone */ }
    analysis = null;
  }

  function remoteAudio() {
    if (!analysis || !analysis.samples.length) return { frequency: 0, rms: 0, levelDb: -Infinity, samples: 0 };
    var s = analysis.samples;
    var counts = {};
    var rms = 0;
    var bestF = 0;
    var bestN = 0;
    for (var i = 0; i < s.length; i++) {
      rms += s[i].rms * s[i].rms;
      var k = Math.round(s[i].f);
      counts[k] = (counts[k] || 0) + 1;
      if (counts[k] > bestN) { bestN = counts[k]; bestF = s[i].f; }
    }
    rms = Math.sqrt(rms / s.length);
    return { frequency: bestF, rms: rms, levelDb: rms > 0 ? 20 * Math.log10(rms) : -Infinity, samples: s.length };
  }

  // Ringtone: 440 + 480 Hz, 2 s on, 4 s off (the North American ring),
  // generated with WebAudio: no audio file.
  function startRing() {
    stopRing();
    var ctx = ensureAudioContext();
    if (!ctx) return;
    var gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    var oscs = [440, 480].map(function (f) {
      var o = ctx.createOscillator();
      o.frequency.value = f;
      o.connect(gain);
      o.start();
      return o;
    });
    var cycle = function () {
      var t = ctx.currentTime;
      gain.gain.cancelScheduledValues(t);
      gain.gain.setValueAtTime(0.12, t);
      gain.gain.setValueAtTime(0, t + 2);
    };
    cycle();
    ring = { gain: gain, oscs: oscs, id: setInterval(cycle, 6000) };
  }

  function stopRing() {
    if (!ring) return;
    clearInterval(ring.id);
    ring.oscs.forEach(function (o) { try { o.stop(); } catch (e) { /* stopped */ } });
    ring.gain.disconnect();
    ring = null;
  }

  function askNotifications() {
    if ('Notification' in window && Notification.permission === 'default') {
      try { Notification.requestPermission(); } catch (e) { /* old API */ }
    }
  }

  function notify(title, body) {
    if (!('Notification' in window) || Notification.permission !== 'granted' || !document.hidden) return;
    try {
      notice = new Notification(title, { body: body, tag: 'dialtone-call', requireInteraction: true });
      notice.onclick = function () { window.focus(); $('answer-btn').focus(); };
    } catch (e) { notice = null; }
  }

  function closeNotice() {
    if (notice) notice.close();
    notice = null;
  }

  // ---- devices ---------------------------------------------------------------

  function listDevices() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return;
    navigator.mediaDevices.enumerateDevices().then(function (devs) {
      fill($('mic-select'), devs.filter(function (d) { return d.kind === 'audioinput'; }), prefs.mic, 'Microphone');
      var outs = devs.filter(function (d) { return d.kind === 'audiooutput'; });
      var canSink = 'setSinkId' in HTMLMediaElement.prototype;
      $('spk-select').disabled = !canSink;
      $('spk-note').hidden = canSink;
      fill($('spk-select'), outs, prefs.spk, 'Speaker');
    });
  }

  function fill(sel, devs, chosen, kind) {
    sel.textContent = '';
    var def = document.createElement('option');
    def.value = '';
    def.textContent = 'System default';
    sel.appendChild(def);
    devs.forEach(function (d, i) {
      if (!d.deviceId || d.deviceId === 'default') return;
      var o = document.createElement('option');
      o.value = d.deviceId;
      o.textContent = d.label || kind + ' ' + (i + 1);
      sel.appendChild(o);
    });
    sel.value = chosen;
    if (sel.value !== chosen) sel.value = '';
  }

  function applySink() {
    var el = $('remote-audio');
    if (!el.setSinkId) return;
    el.setSinkId(prefs.spk || '').catch(function (e) {
      showError('Cannot use the chosen speaker: ' + e.message);
    });
  }

  // Ask for the microphone once at sign-in, so device names show and a
  // denied permission is reported before the first call.
  function probeMicrophone() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    navigator.mediaDevices.getUserMedia({ audio: true, video: false }).then(function (s) {
      s.getTracks().forEach(function (t) { t.stop(); });
      listDevices();
    }).catch(function (e) {
      if (e.name === 'NotAllowedError' || e.name === 'SecurityError') {
        showError('Microphone access is blocked. Allow the microphone for this site in the browser (the icon in the address bar) to make calls.');
      } else if (e.name === 'NotFoundError') {
        showError('No microphone found. Connect one to make calls.');
      } else {
        showError('Microphone unavailable: ' + e.message);
      }
      listDevices();
    });
  }

  // ---- history -------------------------------------------------------------

  function historyKey() { return 'dialtone.phone.history.' + me; }

  function loadHistory() {
    try { return JSON.parse(localStorage.getItem(historyKey()) || '[]'); } catch (e) { return []; }
  }

  function addHistory(item) {
    var h = loadHistory();
    h.unshift(item);
    localStorage.setItem(historyKey(), JSON.stringify(h.slice(0, 50)));
    renderHistory();
  }

  function renderHistory() {
    var ol = $('history');
    ol.textContent = '';
    loadHistory().forEach(function (c) {
      var li = document.createElement('li');
      if (c.result === 'missed') li.className = 'missed';
      var what = document.createElement('span');
      var when = new Date(c.start);
      what.textContent = (c.dir === 'in' ? '← ' : '→ ') + c.number + ' · ' +
        when.toLocaleString() + ' · ' + (c.duration ? c.duration + ' s' : c.result);
      li.appendChild(what);
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.textContent = 'Call';
      var num = String(c.number).split(' ')[0];
      b.setAttribute('aria-label', 'Call ' + num);
      b.addEventListener('click', function () { $('number').value = num; call(num); });
      li.appendChild(b);
      ol.appendChild(li);
    });
  }

  // ---- wiring ----------------------------------------------------------------

  function pressKey(k) {
    if (state.call === 'active') {
      dtmf(k);
    } else {
      $('number').value += k;
    }
  }

  function wire() {
    $('login-form').addEventListener('submit', function (e) {
      e.preventDefault();
      login($('login-ext').value.trim(), $('login-pass').value);
      probeMicrophone();
    });
    $('logout-btn').addEventListener('click', logout);
    $('dial-form').addEventListener('submit', function (e) {
      e.preventDefault();
      call($('number').value);
    });
    $('clear-btn').addEventListener('click', function () {
      var n = $('number');
      n.value = n.value.slice(0, -1);
      n.focus();
    });
    Array.prototype.forEach.call(document.querySelectorAll('.keypad button'), function (b) {
      b.addEventListener('click', function () { pressKey(b.dataset.key); });
    });
    // Keys typed in the number field during a call are tones too.
    $('number').addEventListener('keydown', function (e) {
      if (state.call === 'active' && /^[0-9*#]$/.test(e.key)) {
        dtmf(e.key);
      }
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
      if (e.key === 'Escape' && session) { hangup(); e.preventDefault(); return; }
      if (typing || $('phone').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[0-9*#]$/.test(e.key)) { pressKey(e.key); e.preventDefault(); }
    });
    $('answer-btn').addEventListener('click', answer);
    $('reject-btn').addEventListener('click', reject);
    $('hangup-btn').addEventListener('click', hangup);
    $('mute-btn').addEventListener('click', toggleMute);
    $('hold-btn').addEventListener('click', toggleHold);
    $('transfer-form').addEventListener('submit', function (e) {
      e.preventDefault();
      transfer($('transfer-to').value);
    });
    $('mic-select').addEventListener('change', function () {
      prefs.mic = this.value;
      localStorage.setItem('dialtone.phone.mic', prefs.mic);
    });
    $('spk-select').addEventListener('change', function () {
      prefs.spk = this.value;
      localStorage.setItem('dialtone.phone.spk', prefs.spk);
      applySink();
    });
    $('history-clear').addEventListener('click', function () {
      localStorage.removeItem(historyKey());
      renderHistory();
    });
    if (navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
      navigator.mediaDevices.addEventListener('devicechange', listDevices);
    }
    window.addEventListener('offline', function () {
      showError('The network is down; calls resume when it is back.');
    });
    window.addEventListener('online', function () {
      if (lastError.indexOf('The network') === 0) clearError();
      // A new network means new addresses: restart ICE (RFC 8445 §9).
      if (session && state.call === 'active') {
        try { session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }); } catch (e) { /* busy */ }
      }
    });
    // Reload or close mid-call: hang up and unregister, so the server ends
    // the call (with its CDR) instead of waiting for a timeout.
    window.addEventListener('pagehide', stopUA);
    window.addEventListener('beforeunload', stopUA);
  }

  // Test hook for the end-to-end tests (chromedp): read-only state, the
  // last error shown, and what the page hears; plus the actions the
  // buttons do.
  window.dialtonePhone = {
    state: function () {
      return {
        connection: state.connection,
        registration: state.registration,
        call: state.call,
        muted: state.muted,
        held: state.held,
        peer: state.peer,
        direction: state.direction,
        extension: me
      };
    },
    lastError: function () { return lastError; },
    remoteAudio: remoteAudio,
    login: function (ext, password) { login(String(ext), String(password)); },
    signOut: logout,
    call: call,
    answer: answer,
    hangup: hangup,
    dtmf: dtmf,
    hold: function () { if (!state.held) toggleHold(); },
    resume: function () { if (state.held) toggleHold(); },
    mute: function () { if (!state.muted) toggleMute(); },
    unmute: function () { if (state.muted) toggleMute(); },
    transfer: transfer,
    history: loadHistory
  };

  function start() {
    wire();
    setConnection('disconnected');
    setRegistration('unregistered');
    setCall('idle');
    updateToggles();
    $('login-ext').value = localStorage.getItem('dialtone.phone.ext') || '';
    listDevices();
    var token = tokenFromFragment();
    loadConfig().then(function () {
      if (token) {
        return exchangeToken(token).then(function (c) {
          login(String(c.extension), { ha1: String(c.ha1), realm: String(c.realm) });
          probeMicrophone();
        });
      }
      var saved = savedLogin();
      if (saved) {
        login(saved.ext, { ha1: saved.ha1, realm: saved.realm });
        probeMicrophone();
        return null;
      }
      ($('login-ext').value ? $('login-pass') : $('login-ext')).focus();
      return null;
    }).catch(function (e) {
      showError(e.message || String(e));
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
