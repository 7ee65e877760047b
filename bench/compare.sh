#!/usr/bin/env bash
# cnnsh's `bench` and the same LeNet in PyTorch (bench/pytorch_lenet.py), alternated round by
# round so that drift in the machine's load hits both; prints each round's images/s and the ratios
# cnnsh/PyTorch, then the best round of each (the least disturbed by load).
# Usage: bench/compare.sh [--rounds N] [--threads T]
# cnnsh: $CNNSH, else .build/release/cnnsh in this repository, else cnnsh on PATH.
# Python: $PYTHON (default python3); PyTorch is optional: without it only cnnsh's figures are shown.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 threads=2
while (($#)); do
    case $1 in
        --rounds) rounds=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        *) echo "usage: $0 [--rounds N] [--threads T]" >&2; exit 2 ;;
    esac
done
cnnsh=${CNNSH:-$(dirname "$here")/.build/release/cnnsh}
[[ -x $cnnsh ]] || cnnsh=$(command -v cnnsh) || { echo "cnnsh not found: build it (swift build -c release) or set CNNSH" >&2; exit 1; }
python=${PYTHON:-python3}

value() { awk -F= -v k="$1" '$1 == k { print $2 }'; }  # NAME=value lines, by name
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
echo "vector: $(grep -ow 'avx2\|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "cores: $(nproc)  threads: $threads  load average at start: $(loadavg)"
awk -v n="$(nproc)" '$1 > n / 4 { exit 1 }' /proc/loadavg \
    || echo "warning: the machine is busy (load above a quarter of its cores): the figures will be noisy, PyTorch's most"
torch=$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null) || torch=""
[[ -n $torch ]] && echo "cnnsh: $cnnsh  PyTorch $torch ($python)" \
    || echo "cnnsh: $cnnsh  PyTorch: not installed for $python (python3 -m pip install torch, in a venv); cnnsh alone"

best=(0 0 0 0)  # the fastest round's figures, the least disturbed by load: cnnsh train, test, PyTorch train, test
max() { if (($2 > best[$1])); then best[$1]=$2; fi; }
for ((round = 1; round <= rounds; round++)); do
    c=$("$cnnsh" -c "bench threads=$threads")
    ct=$(value train_images_per_s <<<"$c") ce=$(value test_images_per_s <<<"$c")
    max 0 "$ct"; max 1 "$ce"
    line="round $round: cnnsh train $ct/s test $ce/s"
    if [[ -n $torch ]]; then
        p=$("$python" "$here/pytorch_lenet.py" --threads "$threads")
        pt=$(value train_images_per_s <<<"$p") pe=$(value test_images_per_s <<<"$p")
        max 2 "$pt"; max 3 "$pe"
        line+="  PyTorch train $pt/s test $pe/s  cnnsh/PyTorch train $(ratio "$ct" "$pt") test $(ratio "$ce" "$pe")"
        line+="  (accuracy cnnsh $(value test_accuracy <<<"$c") PyTorch $(value test_accuracy <<<"$p"))"
    fi
    echo "$line"
done
line="best of $rounds: cnnsh train ${best[0]}/s test ${best[1]}/s"
[[ -n $torch ]] && line+="  PyTorch train ${best[2]}/s test ${best[3]}/s  cnnsh/PyTorch train $(ratio "${best[0]}" "${best[2]}") test $(ratio "${best[1]}" "${best[3]}")"
echo "$line"
echo "load average at end: $(loadavg)"
