# Assembles build/calc-crm.oxt (a contract path) from the add-in, its type library and the extension files.
set(CRM_OXT ${CMAKE_BINARY_DIR}/calc-crm.oxt)
set(CRM_STAGE ${CMAKE_BINARY_DIR}/oxt)
configure_file(${PROJECT_SOURCE_DIR}/extension/description.xml.in ${CMAKE_BINARY_DIR}/description.xml @ONLY)

file(GLOB CRM_EXTENSION_FILES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/extension/description/*.txt
  ${PROJECT_SOURCE_DIR}/extension/license/*.txt
  ${PROJECT_SOURCE_DIR}/extension/icons/*.png)
# The shareable templates (tools/make_templates.py): samples/templates/<language>/*.ots become
# template/calc-crm-<language>/ in the package, one category of File > New > Templates per language.
set(CRM_TEMPLATE_LANGUAGES en-US fr zh-CN zh-TW)
file(GLOB CRM_TEMPLATE_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/samples/templates/*/*.ots)
set(CRM_TEMPLATE_COPIES)
foreach(lang IN LISTS CRM_TEMPLATE_LANGUAGES)
  list(APPEND CRM_TEMPLATE_COPIES COMMAND ${CMAKE_COMMAND} -E copy_directory
       ${PROJECT_SOURCE_DIR}/samples/templates/${lang} ${CRM_STAGE}/template/calc-crm-${lang})
endforeach()

add_custom_command(
  OUTPUT ${CRM_OXT}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${CRM_STAGE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CRM_STAGE}/META-INF ${CRM_STAGE}/lib
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_SOURCE_DIR}/extension/description ${CRM_STAGE}/description
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_SOURCE_DIR}/extension/license ${CRM_STAGE}/license
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_SOURCE_DIR}/extension/icons ${CRM_STAGE}/icons
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/manifest/manifest.xml ${CRM_STAGE}/META-INF/manifest.xml
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/extension/calc-crm.components ${CRM_STAGE}/
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/extension/Paths.xcu ${CRM_STAGE}/
  ${CRM_TEMPLATE_COPIES}
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/samples/templates/groupuinames.xml ${CRM_STAGE}/template/
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/description.xml ${CRM_STAGE}/
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/calc-crm.rdb ${CRM_STAGE}/
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/gen/CalcAddIns.xcu ${CRM_STAGE}/
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_BINARY_DIR}/gen/Sidebar.xcu ${CRM_STAGE}/
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/extension/Factories.xcu ${CRM_STAGE}/
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_BINARY_DIR}/gen/dialogs ${CRM_STAGE}/dialogs
  COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:calccrm> ${CRM_STAGE}/lib/libcalccrm.so
  COMMAND ${CMAKE_COMMAND} -E rm -f ${CRM_OXT}
  COMMAND ${CMAKE_COMMAND} -E chdir ${CRM_STAGE} ${CMAKE_COMMAND} -E tar cf ${CRM_OXT} --format=zip
          META-INF description license icons lib template dialogs description.xml calc-crm.components calc-crm.rdb
          CalcAddIns.xcu Paths.xcu Sidebar.xcu Factories.xcu
  DEPENDS calccrm ${CRM_EXTENSION_FILES} ${PROJECT_SOURCE_DIR}/manifest/manifest.xml
          ${PROJECT_SOURCE_DIR}/extension/Paths.xcu ${CRM_TEMPLATE_FILES}
          ${PROJECT_SOURCE_DIR}/samples/templates/groupuinames.xml
          ${PROJECT_SOURCE_DIR}/extension/calc-crm.components ${CMAKE_BINARY_DIR}/description.xml
          ${CMAKE_BINARY_DIR}/calc-crm.rdb ${CMAKE_BINARY_DIR}/gen/CalcAddIns.xcu
          ${CMAKE_BINARY_DIR}/gen/Sidebar.xcu ${PROJECT_SOURCE_DIR}/extension/Factories.xcu
          ${CMAKE_BINARY_DIR}/gen/dialogs/CustomersPanel.xdl ${CMAKE_BINARY_DIR}/gen/dialogs/CustomersPanel_en_US.properties
  COMMENT "Packing build/calc-crm.oxt")
# Part of the default build: `cmake --build build` leaves an installable .oxt.
add_custom_target(oxt ALL DEPENDS ${CRM_OXT})
