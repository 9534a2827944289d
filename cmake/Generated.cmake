# One table (idl/functions.json) -> the add-in's IDL and dispatch, CalcAddIns.xcu, Sidebar.xcu, and the strings
# header every front end words its texts with (crm-cli included, so this runs with or without the extension).
set(CRM_GEN_DIR ${CMAKE_BINARY_DIR}/gen)
set(CRM_FUNCTION_TABLE ${PROJECT_SOURCE_DIR}/idl/functions.json)
set(CRM_GENERATOR ${PROJECT_SOURCE_DIR}/tools/gen_addin.py)
# The panel's dialog and its strings in four languages (gen/dialogs/, packed into the .oxt).
set(CRM_DIALOG ${PROJECT_SOURCE_DIR}/extension/dialogs/CustomersPanel.xdl)
set(CRM_GENERATED
  ${CRM_GEN_DIR}/idl/org/calccrm/XCrmFunctions.idl ${CRM_GEN_DIR}/addin_methods.hxx ${CRM_GEN_DIR}/addin_dispatch.cxx
  ${CRM_GEN_DIR}/addin_strings.hxx ${CRM_GEN_DIR}/CalcAddIns.xcu ${CRM_GEN_DIR}/Sidebar.xcu
  ${CRM_GEN_DIR}/dialogs/CustomersPanel.xdl ${CRM_GEN_DIR}/dialogs/CustomersPanel_en_US.properties)
add_custom_command(
  OUTPUT ${CRM_GENERATED}
  COMMAND ${Python3_EXECUTABLE} ${CRM_GENERATOR} ${CRM_FUNCTION_TABLE} ${CRM_GEN_DIR} ${CRM_DIALOG}
  DEPENDS ${CRM_FUNCTION_TABLE} ${CRM_GENERATOR} ${CRM_DIALOG}
  COMMENT "Generating the add-in and the strings from idl/functions.json")
add_custom_target(crm_generated DEPENDS ${CRM_GENERATED})

# The strings table for a front end: include "addin_strings.hxx" (namespace crm_text).
add_library(crm_strings INTERFACE)
target_include_directories(crm_strings INTERFACE ${CRM_GEN_DIR})
add_dependencies(crm_strings crm_generated)
