# CIB elements of the suite, as the guides users follow configure them; the flavour only
# changes the provider (E2E_XEN_PROVIDER, E2E_PING_PROVIDER). Loaded by e2e.bash.

# nvpairs ID NAME=VALUE...: <nvpair> elements with ids ID-NAME.
nvpairs() {
    local id=$1 pair; shift
    for pair in "$@"; do
        printf '<nvpair id="%s-%s" name="%s" value="%s"/>' "$id" "${pair%%=*}" "${pair%%=*}" "${pair#*=}"
    done
}

# e2e_guest_xml GUEST: a Xen guest that may live-migrate; its config file in $XC_BASE/xen.
# Monitor every 5 s; stop gets 15 s (an orderly shutdown first, then destroy).
e2e_guest_xml() {
    local guest=$1
    cat <<XML
<primitive id="$guest" class="ocf" provider="$E2E_XEN_PROVIDER" type="Xen">
  <instance_attributes id="$guest-ia">$(nvpairs "$guest" "xmfile=$XC_BASE/xen/$guest.cfg")</instance_attributes>
  <meta_attributes id="$guest-meta">$(nvpairs "$guest-meta" allow-migrate=true)</meta_attributes>
  <operations>
    <op id="$guest-monitor" name="monitor" interval="5s" timeout="30s"/>
    <op id="$guest-start" name="start" interval="0" timeout="60s"/>
    <op id="$guest-stop" name="stop" interval="0" timeout="15s"/>
    <op id="$guest-migrate_to" name="migrate_to" interval="0" timeout="60s"/>
    <op id="$guest-migrate_from" name="migrate_from" interval="0" timeout="60s"/>
  </operations>
</primitive>
XML
}

# e2e_ssh_fence_xml ID "HOST...": one external/ssh device for the listed hosts (the stock
# plugin in the reference flavour, ours in flavour ours: same name, same parameters).
e2e_ssh_fence_xml() {
    local id=$1 hosts=$2
    cat <<XML
<primitive id="$id" class="stonith" type="$E2E_SSH_FENCE_TYPE">
  <instance_attributes id="$id-ia">$(nvpairs "$id" "hostlist=$hosts")</instance_attributes>
  <operations><op id="$id-monitor" name="monitor" interval="60s" timeout="20s"/></operations>
</primitive>
XML
}

# e2e_ping_clone_xml HOSTS: the connectivity monitor on every node, writing node attribute
# pingd = 1000 x reachable hosts.
e2e_ping_clone_xml() {
    local hosts=$1
    cat <<XML
<clone id="ping-clone">
  <meta_attributes id="ping-clone-meta">$(nvpairs ping-clone-meta interleave=true)</meta_attributes>
  <primitive id="ping" class="ocf" provider="$E2E_PING_PROVIDER" type="ping">
    <instance_attributes id="ping-ia">$(nvpairs ping "host_list=$hosts" multiplier=1000 dampen=1s attempts=1 timeout=1)</instance_attributes>
    <operations>
      <op id="ping-monitor" name="monitor" interval="2s" timeout="20s"/>
      <op id="ping-start" name="start" interval="0" timeout="20s"/>
      <op id="ping-stop" name="stop" interval="0" timeout="20s"/>
    </operations>
  </primitive>
</clone>
XML
}

# e2e_connectivity_rule_xml GUEST: the usual rule: never on a node without connectivity.
e2e_connectivity_rule_xml() {
    local guest=$1
    cat <<XML
<rsc_location id="$guest-needs-connectivity" rsc="$guest">
  <rule id="$guest-needs-connectivity-rule" score="-INFINITY" boolean-op="or">
    <expression id="$guest-pingd-undefined" attribute="pingd" operation="not_defined"/>
    <expression id="$guest-pingd-zero" attribute="pingd" operation="lte" value="0" type="number"/>
  </rule>
</rsc_location>
XML
}

# e2e_xen0ha_fence_xml ID "DOMU..." DOM0: the DomU cluster's device: the Dom0 cluster stops
# and starts the DomU's Xen resource (its id = the DomU's host name).
e2e_xen0ha_fence_xml() {
    local id=$1 domus=$2 dom0=$3
    cat <<XML
<primitive id="$id" class="stonith" type="external/xen0-ha">
  <instance_attributes id="$id-ia">$(nvpairs "$id" "hostlist=$domus" "dom0_cluster_ip=$dom0" stop_timeout=30)</instance_attributes>
  <operations><op id="$id-monitor" name="monitor" interval="60s" timeout="60s"/></operations>
</primitive>
XML
}
