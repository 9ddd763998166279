# The private files of each node, mounted over the host's paths inside the node:
# corosync.conf, /etc/hosts, a seeded CIB, the node's log directories, and its
# /var/lib/heartbeat (HA_VARLIB: resource traces of `crm resource trace` go there).
# Sourced by `xcluster`.

create_node_state() {
    local name=$1 dir logs
    dir=$(node_dir "$name")
    logs=$(node_log_dir "$name")
    mkdir -p "$dir"/{etc-corosync,var-lib-corosync} "$dir"/var-lib-pacemaker/{cib,pengine,blackbox,cores,bundles} \
             "$dir"/var-lib-heartbeat/{cores,lrm} "$logs"/{corosync,pacemaker}
    touch "$logs/pacemaker/pacemaker.log"
    chown -R hacluster:haclient "$dir/var-lib-pacemaker" "$logs/pacemaker"
    chmod 750 "$dir"/var-lib-pacemaker/*
    chmod 770 "$logs/pacemaker"
    chmod 664 "$logs/pacemaker/pacemaker.log"   # agents run as root and log here too
    write_corosync_conf "$dir/etc-corosync/corosync.conf"
    write_hosts_file "$name"
    write_seed_cib "$dir/var-lib-pacemaker/cib/cib.xml"
}

write_corosync_conf() {
    local file=$1 name index count
    count=$(node_count)
    {
        echo "totem {"
        echo "    version: 2"
        echo "    cluster_name: $XC_PREFIX"
        echo "    transport: knet"
        echo "    crypto_cipher: none"
        echo "    crypto_hash: none"
        echo "    token: $XC_TOKEN"
        echo "}"
        echo "logging {"
        echo "    to_stderr: no"
        echo "    to_syslog: no"
        echo "    to_logfile: yes"
        echo "    logfile: /var/log/corosync/corosync.log"
        echo "    timestamp: on"
        echo "}"
        echo "quorum {"
        echo "    provider: corosync_votequorum"
        if [ "$count" -eq 2 ]; then echo "    two_node: 1"; fi
        echo "}"
        echo "nodelist {"
        index=0
        for name in $(node_names); do
            index=$((index + 1))
            echo "    node {"
            echo "        name: $name"
            echo "        nodeid: $index"
            echo "        ring0_addr: $(node_address "$name")"
            echo "    }"
        done
        echo "}"
    } > "$file"
}

# /etc/hosts of a node: every node and ping target. Rewritten in place (same inode), so
# a node that runs sees the change through its bind mount.
write_hosts_file() {
    local node=$1 name
    {
        echo "127.0.0.1 localhost"
        echo "$(bridge_address) xcluster-host"
        for name in $(node_names); do echo "$(node_address "$name") $name"; done
        cat "$(targets_file)" 2>/dev/null || true
        peer_hosts_lines
    } > "$(node_dir "$node")/hosts"
}

rewrite_all_hosts_files() {
    local name
    for name in $(node_names); do write_hosts_file "$name"; done
}

# A CIB that is there before Pacemaker starts: the first DC election then waits
# dc-deadtime (2 s) instead of 20 s. Owned by hacluster, mode 600, no .sig needed.
write_seed_cib() {
    local file=$1
    [ -e "$file" ] && return 0
    cat > "$file" <<EOF
<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="cib-bootstrap-options-dc-deadtime" name="dc-deadtime" value="$XC_DC_DEADTIME"/>
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>
EOF
    chown hacluster:haclient "$file"
    chmod 600 "$file"
}

# The environment of everything in a node (Pacemaker, its agents, `xcluster x`), KEY=VALUE
# lines: simulators first on PATH, one Xen simulator state for the whole cluster, Pacemaker
# and the agents logging to the node's pacemaker.log.
write_node_env() {
    local log=/var/log/pacemaker/pacemaker.log word
    {
        echo "PATH=${XC_SIM_PATH:+$XC_SIM_PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        echo "HOME=/root"
        echo "LANG=C.UTF-8"
        echo "XENSIM_STATE=$(xensim_state_dir)"
        echo "XC_CLUSTER=$XC_PREFIX"
        echo "XC_BASE=$XC_BASE"
        echo "PCMK_logfile=$log"
        echo "PCMK_logfacility=none"
        echo "HA_LOGFILE=$log"
        echo "HA_DEBUGLOG=$log"
        echo "HA_LOGFACILITY=none"
        for word in $XC_NODE_ENV; do
            [[ $word =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "XC_NODE_ENV: not KEY=VALUE: '$word'"
            echo "$word"
        done
    } > "$(node_env_file)"
}
