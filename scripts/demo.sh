#!/usr/bin/env bash
# Walks the platform as a client would, against `bash scripts/run.sh` on this machine: the operator logs in,
# creates a plan and a shop's account, adds its owner; the owner logs in, creates a product in Catalog and finds it
# through Search. Safe to repeat: each run opens a new account. DEMO_TOKEN_FILE=path keeps the owner's token;
# DEMO_DATABASE_TYPE=sqlite gives the shop a SQLite file of its own; DEMO_MAX_PRODUCTS sets its plan's limit.
set -euo pipefail

admin=${ADMIN_URL:-http://127.0.0.1:5101}
catalog=${CATALOG_URL:-http://127.0.0.1:5102}
search=${SEARCH_URL:-http://127.0.0.1:5103}
operator_email=${Auth__SuperadminEmail:-admin@platform.local}
operator_password=${Auth__SuperadminPassword:-local-operator-password}

field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
post() { # url token body
  curl -sS --fail-with-body -H 'content-type: application/json' ${2:+-H "Authorization: Bearer $2"} -d "$3" "$1"
}

# Check digits of a CPF (11) or CNPJ (14) from its base, by the Receita Federal's weights.
check_digits() { # base weights-of-first-digit...
  local base=$1 digit i sum weights
  for round in 1 2; do
    if ((${#base} < 11)); then weights=$(seq $((${#base} + 1)) -1 2); else weights="$(seq $((${#base} - 7)) -1 2) $(seq 9 -1 2)"; fi
    sum=0 i=0
    for w in $weights; do sum=$((sum + ${base:i:1} * w)); i=$((i + 1)); done
    digit=$((11 - sum % 11)); ((digit >= 10)) && digit=0
    base="$base$digit"
  done
  echo "$base"
}
cnpj=$(check_digits "$(printf '%08d' $((RANDOM * RANDOM % 100000000)))0001")
cpf=$(check_digits "$(printf '%09d' $((RANDOM * RANDOM % 1000000000)))")
owner_email="dono-$RANDOM$RANDOM@exemplo.com.br"

operator=$(post "$admin/api/auth/login" "" "{\"email\":\"$operator_email\",\"password\":\"$operator_password\"}" | field accessToken)
plan=$(post "$admin/api/plans" "$operator" \
  "{\"name\":\"Básico $RANDOM$RANDOM\",\"priceCents\":4990,\"billingCycle\":\"monthly\",\"maxProducts\":${DEMO_MAX_PRODUCTS:-100},\"maxUsers\":3}" | field id | head -1)
account=$(post "$admin/api/accounts" "$operator" \
  "{\"companyName\":\"Loja Exemplo\",\"cnpj\":\"$cnpj\",\"contactEmail\":\"$owner_email\",\"planId\":\"$plan\",\"databaseType\":\"${DEMO_DATABASE_TYPE:-postgres}\"}" | field id | head -1)
echo "account $account (CNPJ $cnpj) on plan $plan"
post "$admin/api/accounts/$account/users" "$operator" \
  "{\"email\":\"$owner_email\",\"name\":\"Dono\",\"cpf\":\"$cpf\",\"password\":\"senha-muito-segura\",\"roles\":[\"owner\"]}" >/dev/null
owner=$(post "$admin/api/auth/login" "" "{\"email\":\"$owner_email\",\"password\":\"senha-muito-segura\"}" | field accessToken)
echo "owner $owner_email logged in"
[[ -n ${DEMO_TOKEN_FILE:-} ]] && printf '%s' "$owner" >"$DEMO_TOKEN_FILE"

# Catalog provisions the shop's store from Admin's event, a moment after the account is created.
for _ in $(seq 1 50); do
  created=$(curl -sS -X POST "$catalog/api/products" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
    -d '{"name":"Camiseta Básica","priceCents":4990,"tags":["roupa"]}')
  [[ $created != *tenant-not-provisioned* ]] && break
  sleep 0.2
done
echo "created: $created"
for _ in $(seq 1 50); do
  found=$(curl -sS "$search/api/search/products?q=camisetas" -H "Authorization: Bearer $owner")
  [[ $found == *productId* ]] && break
  sleep 0.2
done
echo "found:   $found"
