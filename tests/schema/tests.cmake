# Kinds are data: no kind of content/schema.yaml is named in the generator's C++ code.
add_test(NAME schema.no_kind_names
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/schema/no_kind_names.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(schema.no_kind_names PROPERTIES LABELS "schema" TIMEOUT 60)
