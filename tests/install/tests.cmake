# The installed tree (cmake --install) is relocatable and carries its data (lunr.js, default
# templates and assets).
add_test(NAME install.relocatable
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install/install.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:kbgen>)
set_tests_properties(install.relocatable PROPERTIES LABELS "install" TIMEOUT 300)
