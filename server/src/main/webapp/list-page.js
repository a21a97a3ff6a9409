// The live list of the user's jobs in /list.html; in a file, as the Content-Security-Policy
// allows no inline script.
moi_list.init(null, document.getElementById('jobs'));
