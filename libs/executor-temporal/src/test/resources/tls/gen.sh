#!/bin/sh
# Test-only PKI for TemporalConnectionTest (never used outside tests): a CA, a server certificate for 127.0.0.1 /
# localhost and a client certificate, keys as unencrypted PKCS#8 PEM. Re-run to regenerate (valid 100 years).
set -e
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days -subj "/CN=hetumind-test-ca" 2>/dev/null
for who in server client; do
  openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr -subj "/CN=hetumind-test-$who" 2>/dev/null
  if [ $who = server ]; then ext="subjectAltName=IP:127.0.0.1,DNS:localhost"; else ext="extendedKeyUsage=clientAuth"; fi
  printf '%s\n' "$ext" > $who.ext
  openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days $days -extfile $who.ext 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in $who.key -out $who.pkcs8.key
  mv $who.pkcs8.key $who.key
  rm -f $who.csr $who.ext
done
rm -f ca.key ca.srl
