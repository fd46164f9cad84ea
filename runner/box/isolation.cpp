// make_isolation: the namespace box where the machine allows it, else the
// host with snapshots (decisions.md 5), saying why.
#include <memory>
#include <string>

#include "box/box.h"
#include "box/host_box.h"
#if __has_include("box/ns_box.h")
#include "box/ns_box.h"
#define IPCGRADE_HAS_NS_BOX 1
#endif

namespace ipcgrade::box {

std::unique_ptr<Isolation> make_isolation(bool allow_namespaces) {
  if (!allow_namespaces)
    return std::make_unique<HostIsolation>("--isolation none: tests run on the host, one at a time");
#ifdef IPCGRADE_HAS_NS_BOX
  std::string why_not;
  if (auto isolation = make_namespace_isolation(why_not)) return isolation;
  return std::make_unique<HostIsolation>(why_not + "; tests run on the host, one at a time");
#else
  return std::make_unique<HostIsolation>(
      "this build has no namespace box; tests run on the host, one at a time");
#endif
}

}  // namespace ipcgrade::box
