# Shared steps of scripts/run and scripts/test. Every step is idempotent:
# it installs or starts only what is missing and reuses what is there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
VAR="$ROOT/var"
PY="${LAODATA_PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

need_root_for_apt() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "apt packages are missing and this is not root: install them or run as root: $*" >&2
    exit 1
  fi
}

# The locks apt and dpkg take. apt-get waits DPkg::Lock::Timeout seconds for the first two;
# apt-get update gives up at once on the lists lock, so apt_get waits for all of them itself.
APT_LOCKS=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock
  /var/cache/apt/archives/lock)

# apt_lock_holders: "process PID (COMMAND) holds LOCK" for each of APT_LOCKS held by a process:
# a POSIX lock in /proc/locks on the lock file's inode, taken by a process that has the file open.
apt_lock_holders() {
  local lock inode pid
  [ -r /proc/locks ] || return 0
  for lock in "${APT_LOCKS[@]}"; do
    inode="$(stat -c %i "$lock" 2>/dev/null)" || continue
    # lines are "N: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END"; waiters ("N: -> ...") hold nothing
    for pid in $(awk -v ino="$inode" '$2 != "->" { n = split($(NF-2), id, ":");
                   if (id[n] == ino && $(NF-3) > 0) print $(NF-3) }' /proc/locks | sort -u); do
      if find "/proc/$pid/fd" -maxdepth 1 -lname "$lock" 2>/dev/null | grep -q .; then
        echo "process $pid ($(cat "/proc/$pid/comm" 2>/dev/null || echo '?')) holds $lock"
      fi
    done
  done
}

# apt_get ARGS...: apt-get ARGS (its output only on errors and warnings), first waiting while another
# apt or dpkg process (e.g. unattended upgrades after boot) holds their locks, and saying so; gives up
# after LAODATA_APT_LOCK_TIMEOUT seconds (default 600).
apt_get() {
  local timeout="${LAODATA_APT_LOCK_TIMEOUT:-600}" deadline left holders err said=""
  local locked="Could not get lock|Unable to acquire the dpkg"  # apt's messages when it gives up
  if ! [[ "$timeout" =~ ^[0-9]+$ ]]; then
    echo "LAODATA_APT_LOCK_TIMEOUT must be a whole number of seconds, not '$timeout'" >&2
    return 1
  fi
  deadline=$((SECONDS + timeout + 1))  # SECONDS counts whole seconds: wait at least $timeout
  while :; do
    holders="$(apt_lock_holders)"
    if [ -z "$holders" ]; then
      # For a lock taken after the check, apt-get install waits (DPkg::Lock::Timeout); apt-get update
      # fails at once on the lists lock, and the loop waits again.
      left=$((deadline - SECONDS))
      if [ "$left" -lt 0 ]; then left=0; fi
      if err="$(apt-get -o DPkg::Lock::Timeout="$left" "$@" 2>&1 >/dev/null)"; then
        if [ -n "$err" ]; then printf '%s\n' "$err" >&2; fi
        return 0
      fi
      holders="$(apt_lock_holders)"
      if [ -z "$holders" ] && grep -qE "$locked" <<<"$err"; then
        # held by a process this one cannot see (another pid namespace): apt's own words
        holders="$(grep -m 1 -E "$locked" <<<"$err")"
        holders="${holders#E: }"
      fi
      if [ -z "$holders" ]; then
        printf '%s\n' "$err" >&2
        return 1
      fi
    fi
    if [ -z "$said" ]; then
      say "waiting up to ${timeout}s (LAODATA_APT_LOCK_TIMEOUT) for apt's lock: ${holders//$'\n'/; }"
      said=1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "apt-get $1: gave up after ${timeout}s waiting for apt's lock (${holders//$'\n'/; });" \
        "let that process finish, or set LAODATA_APT_LOCK_TIMEOUT to wait longer" >&2
      return 1
    fi
    sleep 1
  done
}

# apt_install PACKAGE...: refresh the package lists and install the packages (one already installed
# is left as it is, not upgraded).
apt_install() {
  apt_get update -qq || return 1
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends --no-upgrade "$@"
}

# apt packages: PostgreSQL, Redis, libpq headers (psycopg2 builds), libmagic.
ensure_apt_packages() {
  local want=("$@") missing=()
  for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    need_root_for_apt "${missing[@]}"
    say "installing apt packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

ensure_base_packages() {
  ensure_apt_packages postgresql postgresql-contrib redis-server libpq-dev libmagic1 build-essential python3-dev \
    python3-venv curl
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }

ensure_postgres() {
  if pg_ready; then return; fi
  say "starting PostgreSQL"
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    pg_createcluster "$version" main >/dev/null
  fi
  local cluster
  cluster="$(pg_lsclusters -h | awk 'NR==1{print $1" "$2}')"
  pg_ctlcluster --skip-systemctl-redirect $cluster start || true
  for _ in $(seq 1 30); do pg_ready && return; sleep 1; done
  echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
  exit 1
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/laodata.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return; sleep 0.5; done
  echo "Redis did not start on 127.0.0.1:6379" >&2
  exit 1
}

# psql as the postgres superuser (peer auth on the socket works everywhere).
pg_super() {
  if [ "$(id -un)" = postgres ]; then psql -v ON_ERROR_STOP=1 -qAt "$@"
  else runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; fi
}

# ensure_database NAME ROLE PASSWORD
ensure_database() {
  local db="$1" role="$2" password="$3"
  if [ "$(pg_super -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    pg_super -c "CREATE ROLE \"$role\" LOGIN PASSWORD '$password'"
  else
    pg_super -c "ALTER ROLE \"$role\" LOGIN PASSWORD '$password'"
  fi
  if [ "$(pg_super -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    pg_super -c "CREATE DATABASE \"$db\" OWNER \"$role\" ENCODING 'UTF8' TEMPLATE template0"
  fi
}

# ensure_datastore_database DB OWNER READ_ROLE READ_PASSWORD: the DataStore's own database, owned
# by the portal's role (CKAN writes with it), and a login role for reading only; what that role may
# do is set by `ckan datastore set-permissions` (datastore_permissions, once the ini exists).
ensure_datastore_database() {
  local db="$1" owner="$2" reader="$3" password="$4"
  if [ "$(pg_super -c "SELECT 1 FROM pg_roles WHERE rolname = '$reader'")" != 1 ]; then
    pg_super -c "CREATE ROLE \"$reader\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$password'" \
      2>/dev/null || pg_super -c "ALTER ROLE \"$reader\" LOGIN PASSWORD '$password'"  # made meanwhile
  else
    pg_super -c "ALTER ROLE \"$reader\" LOGIN PASSWORD '$password'"
  fi
  if [ "$(pg_super -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    pg_super -c "CREATE DATABASE \"$db\" OWNER \"$owner\" ENCODING 'UTF8' TEMPLATE template0"
  fi
}

# datastore_permissions INI: CKAN's DataStore permissions (the read-only role may only read the
# DataStore's tables), as CKAN's documentation runs it: the command's SQL through psql as superuser.
datastore_permissions() {
  "$VENV/bin/ckan" -c "$1" datastore set-permissions | PGOPTIONS="--client-min-messages=warning" pg_super >/dev/null
}

# The venv with the pinned packages; reinstalled only when the pins change
# (one stamp per requirements file, so run and test do not undo each other).
ensure_venv() {
  local reqs="$1" stamp="$VENV/.laodata-installed-${1%.txt}"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtualenv in .venv"
    "$PY" -m venv "$VENV"
  fi
  local want
  want="$(cat "$ROOT/requirements.txt" "$ROOT/$reqs" "$ROOT/setup.py" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || ! grep -qx "$want" "$stamp"; then
    say "installing Python packages ($reqs)"
    "$VENV/bin/pip" install -q --upgrade "pip==24.3.1"
    "$VENV/bin/pip" install -q -r "$ROOT/$reqs"
    "$VENV/bin/pip" install -q --no-deps -e "$ROOT"
    echo "$want" > "$stamp"
  fi
}

# The npm packages of package-lock.json (axe-core for the browser tests), in
# node_modules/; reinstalled with `npm ci` only when the lockfile changes.
ensure_node_packages() {
  command -v npm >/dev/null 2>&1 || ensure_apt_packages npm
  local stamp="$ROOT/node_modules/.laodata-installed" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || ! grep -qx "$want" "$stamp"; then
    say "installing npm packages (package-lock.json)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}

ensure_base() {
  local reqs="$1"
  ensure_base_packages
  ensure_postgres
  ensure_redis
  ensure_venv "$reqs"
  mkdir -p "$VAR"
}
