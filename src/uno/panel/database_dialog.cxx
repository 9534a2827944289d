// The dialog of "Orders from a database…": two lists (the registered data sources; the tables and queries of the
// chosen one, read through a connection of the data source) and OK / Cancel, in the office language.
#include "panel/database_dialog.hxx"

#include <functional>

#include <com/sun/star/awt/PushButtonType.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XControlContainer.hpp>
#include <com/sun/star/awt/XDialog.hpp>
#include <com/sun/star/awt/XItemListener.hpp>
#include <com/sun/star/awt/XListBox.hpp>
#include <com/sun/star/awt/XToolkit.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sdb/DatabaseContext.hpp>
#include <com/sun/star/sdb/XQueriesSupplier.hpp>
#include <com/sun/star/sdbc/XCloseable.hpp>
#include <com/sun/star/sdbc/XConnection.hpp>
#include <com/sun/star/sdbc/XDataSource.hpp>
#include <com/sun/star/sdbcx/XTablesSupplier.hpp>
#include <cppuhelper/implbase1.hxx>
#include <fmt/format.h>

#include "addin_strings.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using ::rtl::OUString;

namespace {

// The dialog's size and places, in dialog units (the office scales them to its font).
constexpr sal_Int32 kWidth = 200, kHeight = 196, kMargin = 6;

struct command_item {
    std::string name;
    bool query = false;
};

/// The tables, then the queries, of the data source `name`, through a connection of its own (closed after).
std::vector<command_item> commands_of(const Reference<css::uno::XComponentContext>& context, const std::string& name) {
    const Reference<css::sdb::XDatabaseContext> databases = css::sdb::DatabaseContext::create(context);
    const Reference<css::sdbc::XDataSource> source(databases->getByName(to_ou(name)), UNO_QUERY_THROW);
    const Reference<css::sdbc::XConnection> connection = source->getConnection("", "");
    if (!connection.is()) throw css::uno::RuntimeException("no connection", nullptr);
    struct closer {
        Reference<css::sdbc::XConnection> c;
        ~closer() {
            try {
                c->close();
            } catch (const css::uno::Exception&) {
                // a broken connection: nothing left to close
            }
        }
    } closing{connection};
    std::vector<command_item> items;
    if (const Reference<css::sdbcx::XTablesSupplier> tables(connection, UNO_QUERY); tables.is())
        for (const auto& table : tables->getTables()->getElementNames()) items.push_back({to_utf8(table), false});
    if (const Reference<css::sdb::XQueriesSupplier> queries(connection, UNO_QUERY); queries.is())
        for (const auto& query : queries->getQueries()->getElementNames()) items.push_back({to_utf8(query), true});
    return items;
}

/// An item listener that calls a function (the source list's choice fills the command list).
class on_choice final : public cppu::WeakImplHelper1<css::awt::XItemListener> {
public:
    explicit on_choice(std::function<void()> call) : call_(std::move(call)) {}
    void SAL_CALL itemStateChanged(const css::awt::ItemEvent&) override {
        try {
            call_();
        } catch (...) {
            // shown in the dialog by the call itself; nothing may reach the office
        }
    }
    void SAL_CALL disposing(const css::lang::EventObject&) override {}

private:
    std::function<void()> call_;
};

Reference<css::beans::XPropertySet> add_control(const Reference<css::lang::XMultiServiceFactory>& factory,
                                                const Reference<css::container::XNameContainer>& dialog,
                                                const char* service, const char* name, sal_Int32 x, sal_Int32 y,
                                                sal_Int32 width, sal_Int32 height) {
    const Reference<css::beans::XPropertySet> model(factory->createInstance(OUString::createFromAscii(service)), UNO_QUERY_THROW);
    model->setPropertyValue("Name", Any(OUString::createFromAscii(name)));
    model->setPropertyValue("PositionX", Any(x));
    model->setPropertyValue("PositionY", Any(y));
    model->setPropertyValue("Width", Any(width));
    model->setPropertyValue("Height", Any(height));
    dialog->insertByName(OUString::createFromAscii(name), Any(model));
    return model;
}

void set_list(const Reference<css::beans::XPropertySet>& list, const std::vector<std::string>& items, sal_Int16 chosen) {
    Sequence<OUString> texts(static_cast<sal_Int32>(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) texts.getArray()[i] = to_ou(items[i]);
    list->setPropertyValue("StringItemList", Any(texts));
    Sequence<sal_Int16> selection;
    if (chosen >= 0 && chosen < static_cast<sal_Int16>(items.size())) selection = Sequence<sal_Int16>(&chosen, 1);
    list->setPropertyValue("SelectedItems", Any(selection));
}

}  // namespace

std::vector<std::string> registered_data_sources(const Reference<css::uno::XComponentContext>& context) {
    std::vector<std::string> names;
    const Reference<css::container::XNameAccess> databases(css::sdb::DatabaseContext::create(context), UNO_QUERY_THROW);
    for (const auto& name : databases->getElementNames()) names.push_back(to_utf8(name));
    return names;
}

std::optional<database_choice> choose_database_orders(const Reference<css::uno::XComponentContext>& context,
                                                      const Reference<css::awt::XWindowPeer>& parent,
                                                      const std::vector<std::string>& sources,
                                                      const std::optional<database_choice>& remembered, language lang,
                                                      std::string& problem) {
    const auto say = [&](const char* const (&texts)[4]) { return localized(texts, lang); };
    const auto smgr = context->getServiceManager();
    const Reference<css::beans::XPropertySet> dialog_model(
        smgr->createInstanceWithContext("com.sun.star.awt.UnoControlDialogModel", context), UNO_QUERY_THROW);
    dialog_model->setPropertyValue("Width", Any(kWidth));
    dialog_model->setPropertyValue("Height", Any(kHeight));
    dialog_model->setPropertyValue("Title", Any(to_ou(say(text::db_dialog_title))));
    const Reference<css::lang::XMultiServiceFactory> factory(dialog_model, UNO_QUERY_THROW);
    const Reference<css::container::XNameContainer> controls(dialog_model, UNO_QUERY_THROW);
    const sal_Int32 inner = kWidth - 2 * kMargin;
    add_control(factory, controls, "com.sun.star.awt.UnoControlFixedTextModel", "labelSource", kMargin, 6, inner, 10)
        ->setPropertyValue("Label", Any(to_ou(say(text::label_db_source))));
    const auto source_list = add_control(factory, controls, "com.sun.star.awt.UnoControlListBoxModel", "sources",
                                         kMargin, 17, inner, 50);
    add_control(factory, controls, "com.sun.star.awt.UnoControlFixedTextModel", "labelCommand", kMargin, 72, inner, 10)
        ->setPropertyValue("Label", Any(to_ou(say(text::label_db_command))));
    const auto command_list = add_control(factory, controls, "com.sun.star.awt.UnoControlListBoxModel", "commands",
                                          kMargin, 83, inner, 60);
    const auto status = add_control(factory, controls, "com.sun.star.awt.UnoControlFixedTextModel", "status", kMargin,
                                    147, inner, 24);
    status->setPropertyValue("MultiLine", Any(true));
    const auto ok = add_control(factory, controls, "com.sun.star.awt.UnoControlButtonModel", "ok", kWidth - kMargin - 104,
                                176, 50, 14);
    ok->setPropertyValue("Label", Any(to_ou(say(text::button_ok))));
    ok->setPropertyValue("PushButtonType", Any(sal_Int16(css::awt::PushButtonType_OK)));
    ok->setPropertyValue("DefaultButton", Any(true));
    const auto cancel = add_control(factory, controls, "com.sun.star.awt.UnoControlButtonModel", "cancel",
                                    kWidth - kMargin - 50, 176, 50, 14);
    cancel->setPropertyValue("Label", Any(to_ou(say(text::button_cancel))));
    cancel->setPropertyValue("PushButtonType", Any(sal_Int16(css::awt::PushButtonType_CANCEL)));

    const Reference<css::awt::XControl> dialog(
        smgr->createInstanceWithContext("com.sun.star.awt.UnoControlDialog", context), UNO_QUERY_THROW);
    dialog->setModel(Reference<css::awt::XControlModel>(dialog_model, UNO_QUERY_THROW));
    struct disposer {
        Reference<css::awt::XControl> d;
        ~disposer() {
            try {
                Reference<css::lang::XComponent>(d, UNO_QUERY_THROW)->dispose();
            } catch (...) {
                // already gone with its window
            }
        }
    } disposing{dialog};
    const Reference<css::awt::XControlContainer> container(dialog, UNO_QUERY_THROW);

    // The command list follows the source list: the source's tables and queries, or why they cannot be read.
    std::vector<command_item> commands;
    const auto fill_commands = [&](const std::optional<database_choice>& prefer) {
        commands.clear();
        const Reference<css::awt::XListBox> sources_box(container->getControl("sources"), UNO_QUERY_THROW);
        const sal_Int16 at = sources_box->getSelectedItemPos();
        std::string said;
        if (at >= 0 && at < static_cast<sal_Int16>(sources.size())) {
            const std::string& name = sources[static_cast<std::size_t>(at)];
            try {
                commands = commands_of(context, name);
                if (commands.empty()) said = fmt::format(fmt::runtime(say(text::msg_db_no_tables)), fmt::arg("source", name));
            } catch (const css::uno::Exception& e) {
                said = fmt::format(fmt::runtime(say(text::error_database_connect)), fmt::arg("source", name),
                                   fmt::arg("reason", to_utf8(e.Message)));
            }
        }
        std::vector<std::string> shown;
        sal_Int16 chosen = commands.empty() ? -1 : 0;
        for (std::size_t i = 0; i < commands.size(); ++i) {
            const auto& c = commands[i];
            shown.push_back(c.query ? fmt::format(fmt::runtime(say(text::db_query_item)), fmt::arg("name", c.name)) : c.name);
            if (prefer && prefer->command == c.name && prefer->query == c.query) chosen = static_cast<sal_Int16>(i);
        }
        set_list(command_list, shown, chosen);
        status->setPropertyValue("Label", Any(to_ou(said)));
        ok->setPropertyValue("Enabled", Any(!commands.empty()));
        problem = said;
    };

    sal_Int16 first = 0;
    for (std::size_t i = 0; remembered && i < sources.size(); ++i)
        if (sources[i] == remembered->source) first = static_cast<sal_Int16>(i);
    set_list(source_list, sources, first);
    dialog->createPeer(Reference<css::awt::XToolkit>(css::awt::Toolkit::create(context), UNO_QUERY_THROW), parent);
    fill_commands(remembered);
    const Reference<css::awt::XListBox> sources_box(container->getControl("sources"), UNO_QUERY_THROW);
    const Reference<css::awt::XItemListener> listener(new on_choice([&] { fill_commands(std::nullopt); }));
    sources_box->addItemListener(listener);
    const sal_Int16 result = Reference<css::awt::XDialog>(dialog, UNO_QUERY_THROW)->execute();
    sources_box->removeItemListener(listener);
    if (result != 1) return std::nullopt;  // css.ui.dialogs.ExecutableDialogResults OK
    const sal_Int16 source_at = sources_box->getSelectedItemPos();
    const sal_Int16 command_at =
        Reference<css::awt::XListBox>(container->getControl("commands"), UNO_QUERY_THROW)->getSelectedItemPos();
    if (source_at < 0 || source_at >= static_cast<sal_Int16>(sources.size()) || command_at < 0 ||
        command_at >= static_cast<sal_Int16>(commands.size()))
        return std::nullopt;
    return database_choice{sources[static_cast<std::size_t>(source_at)],
                           commands[static_cast<std::size_t>(command_at)].name,
                           commands[static_cast<std::size_t>(command_at)].query};
}

}  // namespace crm_uno
