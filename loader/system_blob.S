/*
 * The system image (sysimage.h) inside the loader: the build passes the
 * image file's path as MICA_SYSTEM_IMAGE (a quoted string).
 */
    .section .rodata.mica_system_image, "a"
    .balign 4096
    .globl mica_system_image
mica_system_image:
    .incbin MICA_SYSTEM_IMAGE
    .globl mica_system_image_end
mica_system_image_end:
    .section .note.GNU-stack, "", @progbits
