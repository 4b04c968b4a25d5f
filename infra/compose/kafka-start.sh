#!/bin/sh
# The docker-compose broker's entry point: formats its storage once with the SCRAM credentials of
# the admin, the broker and every service principal (KIP-900), then runs Kafka with the
# configuration `npm run compose:secrets` wrote. Never prints a secret.
set -eu
conf=/run/secrets/kafka-server
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
  set --
  while IFS= read -r user; do
    [ -n "$user" ] && set -- "$@" --add-scram "$user"
  done < /run/secrets/kafka-scram-users
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "$(cat /run/secrets/kafka-cluster-id)" \
    --config "$conf" --ignore-formatted "$@" > /dev/null
  echo "kafka-start: storage formatted for $(($# / 2)) SCRAM users"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$conf"
