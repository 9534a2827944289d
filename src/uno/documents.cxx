// Document ids for the handle cache, released by a dispose listener on each document.
#include "documents.hxx"

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
    // The XInterface pointer of an object is its identity in UNO.
    const css::uno::Reference<css::uno::XInterface> identity(document, css::uno::UNO_QUERY);
    const void* key = identity.get();
    std::uint64_t id;
    {
        std::lock_guard lock(registry_mutex);
        const auto found = registry.find(key);
        if (found != registry.end()) return found->second;
        id = ++last_id;
        registry.emplace(key, id);
    }
    const css::uno::Reference<css::lang::XComponent> component(document, css::uno::UNO_QUERY);
    if (component.is()) component->addEventListener(new document_closed_listener(key, id));
    return id;
}

}  // namespace crm_uno
