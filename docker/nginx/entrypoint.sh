#!/bin/bash
# Write the listen and upstream snippets from the environment, check the
# certificate, then run nginx in the foreground.
#   LAODATA_UPSTREAMS  the web replicas, "host:port host:port ..." (default web:5000)
#   NGINX_HTTP_PORT / NGINX_HTTPS_PORT (8080 / 8443), NGINX_SERVER_NAME (_)
set -euo pipefail
out=/etc/nginx/generated
for file in /etc/nginx/tls/cert.pem /etc/nginx/tls/key.pem; do
  if [ ! -r "$file" ]; then
    echo "laodata-nginx: cannot start: $file is missing or unreadable (mount the TLS certificate and key)" >&2
    exit 2
  fi
done
if [ -z "${LAODATA_UPSTREAMS// /}" ]; then
  echo "laodata-nginx: cannot start: LAODATA_UPSTREAMS names no web replica" >&2
  exit 2
fi
{
  echo "upstream laodata_web {"
  for server in $LAODATA_UPSTREAMS; do echo "    server $server max_fails=3 fail_timeout=10s;"; done
  echo "    keepalive 16;"
  echo "}"
} > "$out/upstream.conf"
printf 'listen %s;\nserver_name %s;\n' "$NGINX_HTTP_PORT" "$NGINX_SERVER_NAME" > "$out/listen-http.conf"
printf 'listen %s ssl http2;\nserver_name %s;\n' "$NGINX_HTTPS_PORT" "$NGINX_SERVER_NAME" \
  > "$out/listen-https.conf"
nginx -t -q
exec nginx -g 'daemon off;'
