#!/bin/sh
# Writes crema's man pages, crema(8) and one crema-COMMAND(8) per command, into OUT. Nothing is written twice:
# the command list and each one-line summary come from `crema --help` (the CLI's own text), every page's body
# from docs/usage.md (its "## COMMAND" section, or "## pause, resume" for both), converted from the small
# Markdown subset usage.md uses (paragraphs, ``` blocks, `code`, **bold**, links, tables) to man(7) roff.
# Usage: man.sh USAGE_MD LAUNCHER OUT VERSION
set -eu
usage=$1 launcher=$2 out=$3 version=$4
mkdir -p "$out"
help=$("$launcher" --help)
# the date of the last commit, so rebuilding the same source makes the same pages
date=$(git -C "$(dirname "$usage")" log -1 --format=%cs 2>/dev/null || date -u +%Y-%m-%d)

# "  create    create a container ..." lines between "Commands:" and the next blank line; a line may name
# several commands ("  checkpoint, restore  ...")
commands=$(printf '%s\n' "$help" | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
    on { for (i = 1; i <= NF; i++) { w = $i; more = sub(/,$/, "", w); print w; if (!more) break } }')
[ -n "$commands" ] || { echo "man.sh: no commands in '$launcher --help'" >&2; exit 1; }
summary() { printf '%s\n' "$help" | awk -v c="$1" '/^Commands:/ { on = 1; next }
    on { for (i = 1; i <= NF; i++) { w = $i; more = sub(/,$/, "", w); if (w == c) { sub(/^ *([^ ]+, +)*[^ ]+ +/, ""); print; exit } if (!more) break } }'; }

# The roff of usage.md's section whose heading names $1 ("## create", "## pause, resume"); "-" for the text
# before the first "##" section.
section() {
    awk -v want="$1" '
    function inline(s,   out, m) {
        gsub(/\\/, "\\e", s)
        gsub(/-/, "\\-", s)
        out = ""
        while (match(s, /`[^`]*`/)) {
            out = out substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 1, RLENGTH - 2) "\\fR"
            s = substr(s, RSTART + RLENGTH)
        }
        s = out s
        while (match(s, /\*\*[^*]*\*\*/)) s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 2, RLENGTH - 4) "\\fR" substr(s, RSTART + RLENGTH)
        while (match(s, /\[[^]]*\]\([^)]*\)/)) {
            m = substr(s, RSTART + 1, RLENGTH - 2); sub(/\]\(.*/, "", m)
            s = substr(s, 1, RSTART - 1) m substr(s, RSTART + RLENGTH)
        }
        if (s ~ /^[.\047]/) s = "\\&" s
        return s
    }
    function names(h,   n, i, parts) {
        sub(/^## */, "", h); n = split(h, parts, /, */)
        for (i = 1; i <= n; i++) if (parts[i] == want) return 1
        return 0
    }
    /^## / { on = (want != "-" && names($0)); started = 1; next }
    /^# / { next }
    want == "-" && started { exit }
    !on && want != "-" { next }
    /^```/ { code = !code; print (code ? ".PP\n.nf\n.RS 4" : ".RE\n.fi"); next }
    code { line = $0; gsub(/\\/, "\\e", line); gsub(/-/, "\\-", line); if (line ~ /^[.\047]/) line = "\\&" line; print line; next }
    /^\| *---/ { next }
    /^\|/ {
        if (!header_seen) { header_seen = 1; next }
        line = $0; gsub(/\\\|/, "\001", line)
        n = split(line, cell, /\|/)
        a = cell[2]; b = cell[3]; gsub(/\001/, "|", a); gsub(/\001/, "|", b)
        gsub(/^ +| +$/, "", a); gsub(/^ +| +$/, "", b)
        print ".TP\n" inline(a) "\n" inline(b); para = 0; next
    }
    /^$/ { if (!para) { para = 1; pending = 1 }; header_seen = 0; next }
    { if (pending) { print ".PP"; pending = 0 }; para = 0; print inline($0) }
    ' "$usage"
}

page() { # page NAME SUMMARY: the .TH and NAME lines
    upper=$(printf '%s' "$1" | tr a-z A-Z)
    printf '.TH %s 8 "%s" "crema %s" "System Administration"\n.SH NAME\n%s \\- %s\n' "$upper" "$date" "$version" "$1" \
        "$(printf '%s' "$2" | sed 's/\\/\\e/g; s/-/\\-/g')"
}

see_also=""
for c in $commands; do see_also="$see_also\\fBcrema\\-$c\\fR(8), "; done

for c in $commands; do
    body=$(section "$c")
    [ -n "$body" ] || { echo "man.sh: docs/usage.md has no \"## $c\" section for crema-$c(8)" >&2; exit 1; }
    {
        page "crema-$c" "$(summary "$c")"
        printf '.SH DESCRIPTION\n%s\n' "$body"
        printf '.SH SEE ALSO\n\\fBcrema\\fR(8), \\fBrunc\\fR(8)\n'
    } > "$out/crema-$c.8"
done

{
    page crema "$(printf '%s\n' "$help" | head -1 | sed 's/^crema: //')"
    printf '.SH SYNOPSIS\n\\fBcrema\\fR [\\fIglobal options\\fR] \\fICOMMAND\\fR [\\fIcommand options\\fR] [\\fIarguments\\fR]\n'
    printf '.SH DESCRIPTION\n'
    section - | sed '1,/^\.fi$/d'
    printf '.SH COMMANDS\n'
    for c in $commands; do printf '.TP\n\\fBcrema\\-%s\\fR(8)\n%s\n' "$c" "$(summary "$c" | sed 's/\\/\\e/g; s/-/\\-/g')"; done
    printf '.SH GLOBAL OPTIONS\n'
    section "Global options"
    printf '.SH FILES\n.TP\n/run/crema\nthe default state directory (\\fB\\-\\-root\\fR): one directory per container\n'
    printf '.TP\n$XDG_RUNTIME_DIR/crema\nthe default state directory of a rootless caller, as runc'"'"'s $XDG_RUNTIME_DIR/runc\n'
    printf '.TP\n/usr/lib/crema\nthe controller (crema.jar), its Java runtime and AOT cache, crema\\-init and libcrema.so\n'
    printf '.SH SEE ALSO\n%s\\fBrunc\\fR(8)\n' "$see_also"
} > "$out/crema.8"
echo "man pages: $out (crema $(echo $commands))"
