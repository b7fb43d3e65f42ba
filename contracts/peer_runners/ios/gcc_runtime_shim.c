/* Lets clang's GNUstep 1.5 Objective-C ABI run on GCC's libobjc (the runtime Debian's GNUstep Base is built
 * for). Clang only supports object subscripting (dict[@"key"]) for GNUstep-runtime targets; code generated for
 * that target asks the runtime for "slots" where GCC's libobjc hands out IMPs. These two lookups wrap GCC's.
 * The runner is single-threaded and each slot is used at once, so one static slot per lookup is enough. */
#include <objc/runtime.h>
#include <objc/message.h>

struct objc_slot {
    Class owner;
    Class cachedFor;
    const char *types;
    int version;
    IMP method;
};

struct objc_slot *objc_msg_lookup_sender(id *receiver, SEL selector, id sender)
{
    static struct objc_slot slot;
    (void)sender;
    slot.method = objc_msg_lookup(*receiver, selector);
    return &slot;
}

struct objc_slot *objc_slot_lookup_super(struct objc_super *super, SEL selector)
{
    static struct objc_slot slot;
    slot.method = objc_msg_lookup_super(super, selector);
    return &slot;
}

/* Module loading: clang marks GNUstep-ABI modules version 9 and gives non-fragile classes a negative instance
 * size (minus the bytes the class adds to its superclass), both fixed up by the GNUstep runtime at load. GCC's
 * libobjc (module version 8) needs the plain size; the ivar offsets clang emits are already absolute. Linked
 * with -Wl,--wrap=__objc_exec_class. */
struct gcc_class {
    void *isa;
    const char *super_name; /* a name until the runtime resolves it */
    const char *name;
    long version;
    unsigned long info;
    long instance_size;
};
struct gcc_protocol_list {
    struct gcc_protocol_list *next;
    unsigned long count;
    struct gcc_protocol *list[1];
};
/* Clang's GNUstep protocols (version 3) start like GCC's (version 2) and add fields after them. */
struct gcc_protocol {
    void *isa; /* the ABI version until the runtime initialises the protocol */
    const char *name;
    struct gcc_protocol_list *protocols;
};
struct gcc_class_full {
    void *isa;
    const char *super_name;
    const char *name;
    long version;
    unsigned long info;
    long instance_size;
    void *ivars;
    void *methods;
    void *dtable;
    void *subclass_list;
    void *sibling_class;
    struct gcc_protocol_list *protocols;
    void *gc_object_type;
    long abi_version;
    int **ivar_offsets; /* the offset variables clang's code reads, one per ivar */
};
struct gcc_ivar_list {
    int count;
    struct {
        const char *name;
        const char *type;
        int offset;
    } ivars[1];
};

static void fix_protocols(struct gcc_protocol_list *list)
{
    for (; list; list = list->next)
        for (unsigned long i = 0; i < list->count; i++) {
            struct gcc_protocol *proto = list->list[i];
            if (proto->isa == (void *)3) {
                proto->isa = (void *)2;
                fix_protocols(proto->protocols);
            }
        }
}

struct gcc_symtab {
    unsigned long sel_ref_cnt;
    void *refs;
    unsigned short cls_def_cnt;
    unsigned short cat_def_cnt;
    void *defs[1];
};
struct gcc_module {
    unsigned long version;
    unsigned long size;
    const char *name;
    struct gcc_symtab *symtab;
};

void __real___objc_exec_class(struct gcc_module *module);

static long class_size(struct gcc_symtab *symtab, const char *name);

/* Non-fragile classes also carry ivar offsets relative to the end of the superclass: make them absolute. */
static long fixed_size(struct gcc_symtab *symtab, struct gcc_class *cls)
{
    if (cls->instance_size < 0) {
        long super_size = class_size(symtab, cls->super_name);
        struct gcc_class_full *full = (struct gcc_class_full *)cls;
        struct gcc_ivar_list *ivars = full->ivars;
        cls->instance_size = -cls->instance_size + super_size;
        if (ivars)
            for (int i = 0; i < ivars->count; i++) {
                ivars->ivars[i].offset += (int)super_size;
                if (full->ivar_offsets) *full->ivar_offsets[i] = ivars->ivars[i].offset;
            }
    }
    return cls->instance_size;
}

static long class_size(struct gcc_symtab *symtab, const char *name)
{
    if (name == 0) return 0;
    for (unsigned short i = 0; i < symtab->cls_def_cnt; i++) {
        struct gcc_class *cls = symtab->defs[i];
        if (__builtin_strcmp(cls->name, name) == 0) return fixed_size(symtab, cls);
    }
    Class loaded = objc_getClass(name);
    return loaded ? (long)class_getInstanceSize(loaded) : 0;
}

void __wrap___objc_exec_class(struct gcc_module *module)
{
    if (module->version == 9) {
        module->version = 8;
        struct gcc_symtab *symtab = module->symtab;
        if (symtab)
            for (unsigned short i = 0; i < symtab->cls_def_cnt; i++) {
                struct gcc_class *cls = symtab->defs[i];
                fixed_size(symtab, cls);
                cls->info &= 0x3; /* class/meta bits only */
                ((struct gcc_class *)cls->isa)->info &= 0x3;
                fix_protocols(((struct gcc_class_full *)cls)->protocols);
                fix_protocols(((struct gcc_class_full *)cls->isa)->protocols);
            }
    }
    __real___objc_exec_class(module);
}
