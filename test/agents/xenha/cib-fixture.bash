# A CIB file for xenha's tests (CIB_file, no cluster): two nodes, guests vm1 (ocf:heartbeat:Xen,
# live-migratable, utilization) and vm2 (ocf:xenha:Xen, needs the DRBD clone drbd-vm2-clone),
# vm3 stopped on purpose (target-role=Stopped), a non-Xen resource "web", and a location
# constraint of the admin's own. crm_simulate runs the transition so that the status shows
# vm1 on node1 and vm2 on node2. Then the leftovers xenha tidy must remove (exactly those):
# crm_resource --move vm1 to node2, --ban vm2 from node2, target-role=Started on vm1, the
# heartbeat-era target_role on vm2; and those it must not touch: web's move and target-role.

# xenha_cib_fixture DIR: writes DIR/clean.xml (before the leftovers) and DIR/leftovers.xml.
xenha_cib_fixture() {
    local dir=$1
    mkdir -p "$dir/xen"
    for vm in vm1 vm2 vm3; do printf 'name = "%s"\nmemory = 256\n' "$vm" > "$dir/xen/$vm.cfg"; done
    (
        export CIB_file=$dir/empty.xml
        cibadmin --empty > "$CIB_file"
        crm_attribute --type crm_config --name stonith-enabled --update false
        crm_attribute --type crm_config --name no-quorum-policy --update ignore
        cibadmin --create -o resources --xml-text "<primitive id=\"vm1\" class=\"ocf\" provider=\"heartbeat\" type=\"Xen\">
          <instance_attributes id=\"vm1-ia\"><nvpair id=\"vm1-xmfile\" name=\"xmfile\" value=\"$dir/xen/vm1.cfg\"/></instance_attributes>
          <meta_attributes id=\"vm1-meta\"><nvpair id=\"vm1-allow-migrate\" name=\"allow-migrate\" value=\"true\"/></meta_attributes>
          <utilization id=\"vm1-utilization\"><nvpair id=\"vm1-hv_memory\" name=\"hv_memory\" value=\"512\"/><nvpair id=\"vm1-cpu\" name=\"cpu\" value=\"2\"/></utilization>
        </primitive>"
        cibadmin --create -o resources --xml-text "<primitive id=\"vm2\" class=\"ocf\" provider=\"xenha\" type=\"Xen\">
          <instance_attributes id=\"vm2-ia\"><nvpair id=\"vm2-xmfile\" name=\"xmfile\" value=\"$dir/xen/vm2.cfg\"/></instance_attributes>
        </primitive>"
        cibadmin --create -o resources --xml-text "<primitive id=\"vm3\" class=\"ocf\" provider=\"xenha\" type=\"Xen\">
          <instance_attributes id=\"vm3-ia\"><nvpair id=\"vm3-xmfile\" name=\"xmfile\" value=\"$dir/xen/vm3.cfg\"/></instance_attributes>
          <meta_attributes id=\"vm3-meta\"><nvpair id=\"vm3-target-role\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>
        </primitive>"
        cibadmin --create -o resources --xml-text '<clone id="drbd-vm2-clone">
          <meta_attributes id="drbd-vm2-clone-meta"><nvpair id="drbd-vm2-clone-promotable" name="promotable" value="true"/></meta_attributes>
          <primitive id="drbd-vm2" class="ocf" provider="linbit" type="drbd">
            <instance_attributes id="drbd-vm2-ia"><nvpair id="drbd-vm2-resource" name="drbd_resource" value="vm2"/></instance_attributes>
          </primitive>
        </clone>'
        cibadmin --create -o resources --xml-text '<primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/>'
        cibadmin --create -o constraints --xml-text '<rsc_colocation id="vm2-with-drbd" rsc="vm2" with-rsc="drbd-vm2-clone" with-rsc-role="Promoted" score="INFINITY"/>'
        cibadmin --create -o constraints --xml-text '<rsc_order id="drbd-before-vm2" first="drbd-vm2-clone" first-action="promote" then="vm2" then-action="start"/>'
        cibadmin --create -o constraints --xml-text '<rsc_location id="drbd-vm2-promoted-on-node2" rsc="drbd-vm2-clone" role="Promoted" node="node2" score="100"/>'
        cibadmin --create -o constraints --xml-text '<rsc_location id="vm1-prefers-node1" rsc="vm1" node="node1" score="50"/>'
        cibadmin --create -o constraints --xml-text '<rsc_location id="vm2-avoids-node1" rsc="vm2" node="node1" score="-50"/>'
    ) >/dev/null 2>&1 || return 1
    crm_simulate --xml-file "$dir/empty.xml" --node-up node1 --node-up node2 --simulate --save-output "$dir/clean.xml" >/dev/null 2>&1 || return 1
    cp "$dir/clean.xml" "$dir/leftovers.xml"
    (
        export CIB_file=$dir/leftovers.xml
        crm_resource --move --resource vm1 --node node2
        crm_resource --ban --resource vm2 --node node2
        crm_resource --resource vm1 --meta --set-parameter target-role --parameter-value Started
        cibadmin --modify --xml-text '<primitive id="vm2"><meta_attributes id="vm2-meta"><nvpair id="vm2-old-target_role" name="target_role" value="stopped"/></meta_attributes></primitive>'
        crm_resource --move --resource web --node node2
        crm_resource --resource web --meta --set-parameter target-role --parameter-value Started
    ) >/dev/null 2>&1 || return 1
}

# cib_elements FILE: every element with an id, as its start tag, sorted (one per line).
cib_elements() {
    grep -o '<[A-Za-z_]*[^>]* id="[^"]*"[^>]*>' "$1" | sed -e 's#/>$#>#' | sort
}
