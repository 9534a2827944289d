# Finds LibreOffice and its SDK (Debian's libreoffice-calc and libreoffice-dev) and defines the UNO type-library
# steps. This is the one place that knows where the office is: it writes BUILD/office-paths.json, which the
# Python tools and tests read (tools/crmpaths.py).

# The office: the program directory of the soffice on PATH (Debian links /usr/bin/soffice into it), unless
# LO_PROGRAM_DIR is given.
if(NOT LO_PROGRAM_DIR)
  find_program(LO_SOFFICE soffice)
  if(NOT LO_SOFFICE)
    message(FATAL_ERROR "soffice not found on PATH: apt-get install libreoffice-calc (or set LO_PROGRAM_DIR)")
  endif()
  file(REAL_PATH "${LO_SOFFICE}" soffice_real)
  get_filename_component(detected_program_dir "${soffice_real}" DIRECTORY)
  set(LO_PROGRAM_DIR "${detected_program_dir}" CACHE PATH "LibreOffice program directory (soffice, types.rdb)")
endif()
# The SDK sits beside the program directory (<office>/sdk), unless LO_SDK_DIR is given.
get_filename_component(office_dir "${LO_PROGRAM_DIR}" DIRECTORY)
set(LO_SDK_DIR "${office_dir}/sdk" CACHE PATH "LibreOffice SDK directory")

find_program(LO_UNOIDL_WRITE unoidl-write HINTS ${LO_SDK_DIR}/bin REQUIRED)
find_program(LO_CPPUMAKER cppumaker HINTS ${LO_SDK_DIR}/bin REQUIRED)
get_filename_component(LO_SDK_BIN_DIR "${LO_UNOIDL_WRITE}" DIRECTORY)
set(LO_TYPES_RDB ${LO_PROGRAM_DIR}/types.rdb)
set(LO_OFFAPI_RDB ${LO_PROGRAM_DIR}/types/offapi.rdb)
foreach(rdb IN ITEMS ${LO_TYPES_RDB} ${LO_OFFAPI_RDB})
  if(NOT EXISTS ${rdb})
    message(FATAL_ERROR "LibreOffice type library ${rdb} not found: apt-get install libreoffice-calc libreoffice-dev")
  endif()
endforeach()
find_path(LO_SDK_INCLUDE_DIR cppuhelper/implbase1.hxx HINTS ${LO_SDK_DIR}/include REQUIRED)
find_library(LO_CPPUHELPER uno_cppuhelpergcc3 HINTS ${LO_SDK_DIR}/lib ${LO_PROGRAM_DIR} REQUIRED)
find_library(LO_CPPU uno_cppu HINTS ${LO_SDK_DIR}/lib ${LO_PROGRAM_DIR} REQUIRED)
find_library(LO_SAL uno_sal HINTS ${LO_SDK_DIR}/lib ${LO_PROGRAM_DIR} REQUIRED)

add_library(lo_sdk INTERFACE)
target_include_directories(lo_sdk SYSTEM INTERFACE ${LO_SDK_INCLUDE_DIR})
target_compile_definitions(lo_sdk INTERFACE LINUX UNX GCC CPPU_ENV=gcc3)
target_link_libraries(lo_sdk INTERFACE ${LO_CPPUHELPER} ${LO_CPPU} ${LO_SAL})

file(WRITE ${CMAKE_BINARY_DIR}/office-paths.json
  "{\n  \"program_dir\": \"${LO_PROGRAM_DIR}\",\n  \"sdk_bin_dir\": \"${LO_SDK_BIN_DIR}\"\n}\n")
message(STATUS "LibreOffice: ${LO_PROGRAM_DIR} (SDK tools ${LO_SDK_BIN_DIR})")
