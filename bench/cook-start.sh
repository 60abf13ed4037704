# bash bench/cook-start.sh <bin/mmm.js>... : median wall time of `mmm cook` of a one-step `shell: "true"` playbook
export HOME=$(mktemp -d) MMM_HOME=$(mktemp -d) times=$(mktemp)
repo=$(mktemp -d) && git -C $repo init -q -b main && git -C $repo -c user.name=b -c user.email=b@b commit -q --allow-empty -m init
git -C $repo config user.name b; git -C $repo config user.email b@b
printf 'name: one\nsteps:\n  - shell: "true"\n' > $repo/../one-$$.yml
for run in $(seq 0 15); do for bin in "$@"; do
  start=$(date +%s%N); (cd $repo && node $bin cook ../one-$$.yml --quiet) >/dev/null 2>&1 || echo FAILED $bin
  [ $run = 0 ] || echo "$bin $(( ($(date +%s%N) - start) / 1000000 ))" >> $times
done; done
for bin in "$@"; do echo "$bin: $(grep "^$bin " $times | cut -d' ' -f2 | sort -n | sed -n 8p) ms"; done
