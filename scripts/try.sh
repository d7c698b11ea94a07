#!/usr/bin/env bash
# The main job: pack and install the template, create an app from it, start its AppHost without containers and print
# where the dashboard and the gateway are. Ctrl+C stops everything.
#   bash scripts/try.sh [name] [output-dir]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
name="${1:-MyAgents}"
out="${2:-$repo/artifacts/try/$name}"
log="$repo/artifacts/try/$name.apphost.log"

echo "==> packing the template"
dotnet pack "$repo/AgentApp.Templates.csproj" -c Release -o "$repo/artifacts/packages" --nologo -v quiet
package="$(ls -t "$repo"/artifacts/packages/AgentApp.Templates.*.nupkg | head -1)"
# Into a template hive of its own: whatever templates you installed (this pack from another clone included) stay as they are.
hive="$repo/artifacts/try/template-hive"
dotnet new install "$package" --force --debug:custom-hive "$hive" >/dev/null
echo "    installed $(basename "$package") into $hive (to use it yourself: dotnet new install $package)"

echo "==> dotnet new agentapp -n $name -o $out"
rm -rf "$out"
dotnet new agentapp -n "$name" -o "$out" --no-update-check --debug:custom-hive "$hive" >/dev/null

echo "==> building"
dotnet build "$out/$name.AppHost" -c Debug --nologo -v quiet

# Each generated app has its own ports (the template's port generator); read them from the launch profile.
profile="$out/$name.AppHost/Properties/launchSettings.json"
port_of() { python3 -c 'import json,sys,urllib.parse as u; print(u.urlparse(json.load(open(sys.argv[1]))["profiles"]["http"]["applicationUrl"].split(";")[-1]).port)' "$1"; }
dashboard_port="$(port_of "$profile")"
gateway_port="$(port_of "$out/$name.Gateway/Properties/launchSettings.json")"
echo "==> starting the AppHost container-less (Infrastructure__Mode=Local) on dashboard port $dashboard_port, gateway port $gateway_port; log: $log"
mkdir -p "$(dirname "$log")"
export Infrastructure__Mode=Local
# The AppHost's "http" launch profile serves the dashboard over plain http with no login: no dev certificate needed.
started=$SECONDS
dotnet run --project "$out/$name.AppHost" --no-build --launch-profile http >"$log" 2>&1 &
apphost=$!
trap 'echo; echo "==> stopping"; kill -TERM $apphost 2>/dev/null; wait $apphost 2>/dev/null; exit 0' INT TERM

dashboard="" gateway=""
for _ in $(seq 1 180); do
  kill -0 $apphost 2>/dev/null || { echo "the AppHost exited; last lines of $log:" >&2; tail -40 "$log" >&2; exit 1; }
  dashboard="$(grep -oE 'Dashboard: +https?://[^ ]+' "$log" | head -1 | awk '{print $2}')" || true
  gateway="$(grep -oE 'Gateway URL: https?://[^ ]+' "$log" | head -1 | awk '{print $3}')" || true
  [[ -n "$dashboard" && -n "$gateway" ]] && break
  sleep 1
done
[[ -n "$gateway" ]] || { echo "the gateway did not come up in 180 s; see $log" >&2; kill -TERM $apphost; exit 1; }

# The AppHost generates the development API key and keeps it in its user secrets.
key="$(dotnet user-secrets list --project "$out/$name.AppHost" 2>/dev/null | sed -n 's/^Parameters:dev-api-key = //p')" || true
chat="curl -H 'X-Api-Key: ${key:-<dashboard > Parameters > dev-api-key>}' -H 'Content-Type: application/json' -d '{\"message\":\"what time is it?\"}' $gateway/v1/chat"

cat <<MSG

  Up in $((SECONDS - started)) s (AppHost start to gateway healthy).
  Dashboard:   $dashboard
  Gateway URL: $gateway
  Console:     $gateway/   (chat, tasks and approvals in the browser, signed in with the development key)
  API docs:    $gateway/scalar (OpenAPI: $gateway/openapi/v1.json)
  Try:         curl $gateway/v1/info
               $chat

  The chat model is the built-in offline one. For a real one:
    dotnet user-secrets set ConnectionStrings:chat "Provider=openai;Key=<key>;Model=gpt-4o-mini" --project $out/$name.AppHost
  then press Ctrl+C and start the app again: dotnet run --project $out/$name.AppHost --launch-profile http
  (running this script again makes a new app, with new secrets)

  The app lives in $out. Press Ctrl+C to stop.
MSG
wait $apphost
