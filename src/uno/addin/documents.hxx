// Which open document a call comes from, and forgetting its cached columns when it closes.
#pragma once

#include <cstdint>

#include <com/sun/star/uno/Reference.hxx>
#include <com/sun/star/uno/XInterface.hpp>

#include "crm/column_cache.hpp"

namespace crm_uno {

/// The process-wide cache of column handles.
crm::column_cache& handle_cache();

/// A stable number for an open document (0 when there is none, e.g. a call
/// without a caller); the document's cached columns are freed when it closes.
std::uint64_t document_id(const css::uno::Reference<css::uno::XInterface>& document);

}  // namespace crm_uno
