// Document ids for the handle cache, released by a dispose listener on each document.
#include "addin/documents.hxx"

#include <atomic>
#include <mutex>
#include <unordered_map>

#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XEventListener.hpp>
#include <cppuhelper/implbase1.hxx>

namespace crm_uno {
namespace {

std::mutex registry_mutex;
std::unordered_map<const void*, std::uint64_t> registry;  // document identity -> id
std::uint64_t last_id = 0;
// Bumped whenever a document leaves the registry: every thread's remembered document is then stale.
std::atomic<std::uint64_t> registry_generation{0};

/// The document this thread's last call came from, as Calc passed it: per-row functions are called
/// 100 000 times in a row for the same document, and the identity query (queryInterface on the
/// document model) would otherwise be most of their own time.
struct remembered_document {
    const void* passed = nullptr;
    std::uint64_t id = 0;
    std::uint64_t generation = ~std::uint64_t{0};
};
thread_local remembered_document remembered;

/// Frees a document's cached columns when the document is disposed (closed).
class document_closed_listener : public cppu::WeakImplHelper1<css::lang::XEventListener> {
public:
    document_closed_listener(const void* identity, std::uint64_t id) : identity_(identity), id_(id) {}
    // XEventListener
    void SAL_CALL disposing(const css::lang::EventObject&) override {
        {
            std::lock_guard lock(registry_mutex);
            const auto found = registry.find(identity_);
            if (found != registry.end() && found->second == id_) registry.erase(found);
            registry_generation.fetch_add(1, std::memory_order_release);
        }
        handle_cache().forget_document(id_);
    }

private:
    const void* identity_;
    std::uint64_t id_;
};

}  // namespace

crm::column_cache& handle_cache() {
    static crm::column_cache cache;
    return cache;
}

std::uint64_t document_id(const css::uno::Reference<css::uno::XInterface>& document) {
    if (!document.is()) return 0;
    // The same interface pointer as this thread's last call, and no document closed since: the same
    // document (a live object's interface pointer names it alone). Read the generation first: a
    // document closed after this point makes the next call miss.
    const std::uint64_t generation = registry_generation.load(std::memory_order_acquire);
    if (remembered.passed == document.get() && remembered.generation == generation) return remembered.id;
    // The XInterface pointer of an object is its identity in UNO.
    const css::uno::Reference<css::uno::XInterface> identity(document, css::uno::UNO_QUERY);
    const void* key = identity.get();
    std::uint64_t id;
    {
        std::lock_guard lock(registry_mutex);
        const auto found = registry.find(key);
        if (found != registry.end()) {
            remembered = {document.get(), found->second, generation};
            return found->second;
        }
        id = ++last_id;
        registry.emplace(key, id);
    }
    const css::uno::Reference<css::lang::XComponent> component(document, css::uno::UNO_QUERY);
    if (component.is()) component->addEventListener(new document_closed_listener(key, id));
    remembered = {document.get(), id, generation};
    return id;
}

}  // namespace crm_uno
